import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  boolean,
  entityName,
  integer,
  memo,
  polymorphicLookup,
  primaryKey,
  readOnly,
  text,
} from './columnBuilders';
import { auditColumns, ownerColumns } from './commonColumns';
import { defineTable } from './defineTable';

/** Tables a note can be attached to, among those the connector syncs. */
const noteRegardingTables = ['account', 'contact', 'invoice', 'opportunity', 'product', 'quote', 'salesorder'] as const;

/**
 * Note: text or a file (`documentbody`, base64) attached to a record through the polymorphic `objectid`
 * (`objectid_account@odata.bind`, …; read `_objectid_value` and `objecttypecode`). No statecode.
 */
export const annotationTable: DataverseTableDefinition = defineTable({
  logicalName: 'annotation',
  entitySetName: 'annotations',
  primaryIdAttribute: 'annotationid',
  primaryNameAttribute: 'subject',
  ownership: 'UserOwned',
  columns: [
    primaryKey('annotationid'),
    text('subject', 500),
    memo('notetext', 100000),
    boolean('isdocument'),
    text('filename', 255),
    text('mimetype', 256),
    memo('documentbody', 1073741823),
    integer('filesize', readOnly),
    polymorphicLookup('objectid', noteRegardingTables),
    entityName('objecttypecode'),
    auditColumns(),
    ownerColumns(),
  ],
});
