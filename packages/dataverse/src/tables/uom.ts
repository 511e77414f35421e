import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { boolean, createOnly, decimal, lookup, primaryKey, readOnly, systemRequired, text } from './columnBuilders';
import { auditColumns } from './commonColumns';
import { defineTable } from './defineTable';

/** Unit: a member of a unit group, defined as `quantity` times `baseuom`. Owned through its group, so no ownerid. */
export const uomTable: DataverseTableDefinition = defineTable({
  logicalName: 'uom',
  entitySetName: 'uoms',
  primaryIdAttribute: 'uomid',
  primaryNameAttribute: 'name',
  ownership: 'None',
  columns: [
    primaryKey('uomid'),
    text('name', 100, systemRequired),
    decimal('quantity', 5, systemRequired),
    boolean('isschedulebaseuom', readOnly),
    lookup('uomscheduleid', 'uomschedule', { ...systemRequired, ...createOnly }),
    lookup('baseuom', 'uom', systemRequired),
    auditColumns(),
  ],
});
