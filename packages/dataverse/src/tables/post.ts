import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  bigInt,
  createOnly,
  dateTime,
  entityName,
  lookup,
  memo,
  picklist,
  polymorphicLookup,
  primaryKey,
  readOnly,
  systemRequired,
} from './columnBuilders';
import { defineTable } from './defineTable';

/** Tables whose wall (activity feed) a post can be written on, among those the connector knows. */
const postRegardingTables = ['account', 'contact', 'opportunity', 'systemuser', 'team'] as const;

/**
 * Post: a message on a record's wall (activity feed), e.g. "Order 'SO-1' has been posted." on the customer's account.
 * Bound to its record through the polymorphic `regardingobjectid` (`regardingobjectid_account@odata.bind`; read
 * `_regardingobjectid_value` and `regardingobjecttypecode`). The service has no Update message for posts: they are
 * created and deleted, never changed, so every column is create-only. Organization-owned, no statecode.
 */
export const postTable: DataverseTableDefinition = defineTable({
  logicalName: 'post',
  entitySetName: 'posts',
  primaryIdAttribute: 'postid',
  primaryNameAttribute: 'text',
  ownership: 'OrganizationOwned',
  columns: [
    primaryKey('postid'),
    memo('text', 1000, { ...systemRequired, ...createOnly }),
    // The same text without the 1000-character limit.
    memo('largetext', 1073741823, { ...applicationRequired, ...createOnly }),
    // Who wrote it: the system (auto) or a user (manual, the default when a create leaves it empty).
    picklist('source', { 1: 'Auto Post', 2: 'Manual Post', 3: 'ActionHub Post' }, createOnly),
    picklist('type', { 1: 'Check-in', 2: 'Idea', 3: 'News', 4: 'Private Message', 5: 'Question', 6: 'Re-post', 7: 'Status' }, createOnly),
    polymorphicLookup('regardingobjectid', postRegardingTables, { ...systemRequired, ...createOnly }),
    entityName('regardingobjecttypecode', createOnly),
    dateTime('createdon', readOnly),
    dateTime('modifiedon', readOnly),
    lookup('createdby', 'systemuser', readOnly),
    lookup('modifiedby', 'systemuser', readOnly),
    lookup('createdonbehalfby', 'systemuser', readOnly),
    lookup('modifiedonbehalfby', 'systemuser', readOnly),
    bigInt('versionnumber', readOnly),
  ],
});
