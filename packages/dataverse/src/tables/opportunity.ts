import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  customer,
  dateTime,
  integer,
  lookup,
  memo,
  moneyWithBase,
  picklist,
  primaryKey,
  stateColumns,
  text,
} from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { defineTable } from './defineTable';

/** Opportunity: won and lost through the WinOpportunity / LoseOpportunity actions, not by writing statecode. */
export const opportunityTable: DataverseTableDefinition = defineTable({
  logicalName: 'opportunity',
  entitySetName: 'opportunities',
  primaryIdAttribute: 'opportunityid',
  primaryNameAttribute: 'name',
  ownership: 'UserOwned',
  columns: [
    primaryKey('opportunityid'),
    text('name', 300, applicationRequired),
    customer('customerid'),
    lookup('parentaccountid', 'account'),
    lookup('parentcontactid', 'contact'),
    lookup('pricelevelid', 'pricelevel'),
    moneyWithBase('estimatedvalue', 2),
    dateTime('estimatedclosedate', { format: 'DateOnly' }),
    moneyWithBase('actualvalue', 2),
    dateTime('actualclosedate', { format: 'DateOnly' }),
    integer('closeprobability'),
    picklist('opportunityratingcode', { 1: 'Hot', 2: 'Warm', 3: 'Cold' }),
    memo('description', 2000),
    currencyColumns(),
    stateColumns({
      0: ['Open', { 1: 'In Progress', 2: 'On Hold' }],
      1: ['Won', { 3: 'Won' }],
      2: ['Lost', { 4: 'Canceled', 5: 'Out-Sold' }],
    }),
    auditColumns(),
    ownerColumns(),
  ],
});
