import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { activeInactiveState, memo, primaryKey, systemRequired, text } from './columnBuilders';
import { auditColumns } from './commonColumns';
import { defineTable } from './defineTable';

/** Unit group: creating one also creates its base unit, named by `baseuomname`. */
export const uomscheduleTable: DataverseTableDefinition = defineTable({
  logicalName: 'uomschedule',
  entitySetName: 'uomschedules',
  primaryIdAttribute: 'uomscheduleid',
  primaryNameAttribute: 'name',
  ownership: 'OrganizationOwned',
  columns: [
    primaryKey('uomscheduleid'),
    text('name', 200, systemRequired),
    text('baseuomname', 100, systemRequired),
    memo('description', 2000),
    activeInactiveState(),
    auditColumns(),
  ],
});
