import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { activeInactiveState, dateTime, memo, primaryKey, systemRequired, text } from './columnBuilders';
import { auditColumns, currencyColumns } from './commonColumns';
import { defineTable } from './defineTable';

/** Price list. Its status values are 100001 Active / 100002 Inactive, not the usual 1 / 2. */
export const pricelevelTable: DataverseTableDefinition = defineTable({
  logicalName: 'pricelevel',
  entitySetName: 'pricelevels',
  primaryIdAttribute: 'pricelevelid',
  primaryNameAttribute: 'name',
  ownership: 'OrganizationOwned',
  columns: [
    primaryKey('pricelevelid'),
    text('name', 100, systemRequired),
    dateTime('begindate', { format: 'DateOnly' }),
    dateTime('enddate', { format: 'DateOnly' }),
    memo('description', 200),
    currencyColumns(systemRequired),
    activeInactiveState(100001, 100002),
    auditColumns(),
  ],
});
