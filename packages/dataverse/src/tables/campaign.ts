import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  boolean,
  createOnly,
  dateTime,
  integer,
  lookup,
  memo,
  moneyWithBase,
  picklist,
  primaryKey,
  readOnly,
  stateColumns,
  text,
} from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * Campaign (Dynamics 365 Marketing/Sales): a marketing campaign with its planned and actual dates and costs. The
 * statuses Proposed … Suspended all belong to the Active state; a real org generates `codename` when it is left blank
 * (the emulator stores what it is given). Not synced by a shipped plugin; `examples/custom-plugin` maps it.
 */
export const campaignTable: DataverseTableDefinition = defineTable({
  logicalName: 'campaign',
  entitySetName: 'campaigns',
  primaryIdAttribute: 'campaignid',
  primaryNameAttribute: 'name',
  ownership: 'UserOwned',
  columns: [
    primaryKey('campaignid'),
    text('name', 128, applicationRequired),
    // "Campaign Code".
    text('codename', 32),
    picklist('typecode', { 1: 'Advertisement', 2: 'Direct Marketing', 3: 'Event', 4: 'Co-branding', 5: 'Other' }),
    text('promotioncodename', 128),
    dateTime('proposedstart', { format: 'DateOnly' }),
    dateTime('proposedend', { format: 'DateOnly' }),
    dateTime('actualstart', { format: 'DateOnly' }),
    dateTime('actualend', { format: 'DateOnly' }),
    moneyWithBase('budgetedcost', 2),
    moneyWithBase('othercost', 2),
    moneyWithBase('expectedrevenue', 2),
    // Computed by the server from the campaign activities and other cost.
    moneyWithBase('totalactualcost', 2, readOnly),
    // "Expected Response (%)".
    integer('expectedresponse'),
    memo('objective', 5000),
    memo('message', 5000),
    memo('description', 100000),
    lookup('pricelistid', 'pricelevel'),
    boolean('istemplate', createOnly),
    currencyColumns(),
    stateColumns({
      0: ['Active', { 0: 'Proposed', 1: 'Ready To Launch', 2: 'Launched', 3: 'Completed', 4: 'Canceled', 5: 'Suspended' }],
      1: ['Inactive', { 6: 'Inactive' }],
    }),
    auditColumns(),
    ownerColumns(),
  ],
});
