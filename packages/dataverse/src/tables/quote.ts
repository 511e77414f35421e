import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  createOnly,
  customer,
  dateTime,
  integer,
  lookup,
  primaryKey,
  readOnly,
  stateColumns,
  systemRequired,
  text,
} from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { documentAmountColumns, documentTermsColumns } from './documentColumns';
import { defineTable } from './defineTable';

/**
 * Quote: a priced offer to an account or contact, usually from an opportunity. A Draft quote is activated, then won
 * (it can become an order) or closed (lost, canceled, or revised: a revision closes the old quote and opens a new
 * one with the next `revisionnumber`). Columns as the Dataverse table reference lists them.
 */
export const quoteTable: DataverseTableDefinition = defineTable({
  logicalName: 'quote',
  entitySetName: 'quotes',
  primaryIdAttribute: 'quoteid',
  primaryNameAttribute: 'name',
  ownership: 'UserOwned',
  columns: [
    primaryKey('quoteid'),
    text('name', 300, applicationRequired),
    // Auto-numbered by the server when a create omits it.
    text('quotenumber', 100, { ...systemRequired, ...createOnly }),
    integer('revisionnumber', readOnly),
    customer('customerid', ['account', 'contact'], applicationRequired),
    lookup('opportunityid', 'opportunity'),
    lookup('pricelevelid', 'pricelevel', applicationRequired),
    currencyColumns({ ...applicationRequired, ...createOnly }),
    dateTime('effectivefrom', { format: 'DateOnly' }),
    dateTime('effectiveto', { format: 'DateOnly' }),
    dateTime('expireson', { format: 'DateOnly' }),
    dateTime('closedon', { format: 'DateOnly' }),
    dateTime('requestdeliveryby', { format: 'DateOnly' }),
    documentAmountColumns(),
    documentTermsColumns(),
    stateColumns({
      0: ['Draft', { 1: 'In Progress' }],
      1: ['Active', { 2: 'In Progress', 3: 'Open' }],
      2: ['Won', { 4: 'Won' }],
      3: ['Closed', { 5: 'Lost', 6: 'Canceled', 7: 'Revised' }],
    }),
    auditColumns(),
    ownerColumns(),
  ],
});
