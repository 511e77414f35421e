import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  createOnly,
  customer,
  dateTime,
  lookup,
  primaryKey,
  stateColumns,
  systemRequired,
  text,
} from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { documentAmountColumns, documentTermsColumns } from './documentColumns';
import { defineTable } from './defineTable';

/** Order: the CRM side of an ERP sales order. Only Active orders can be edited; totals are computed from the lines. */
export const salesorderTable: DataverseTableDefinition = defineTable({
  logicalName: 'salesorder',
  entitySetName: 'salesorders',
  primaryIdAttribute: 'salesorderid',
  primaryNameAttribute: 'name',
  ownership: 'UserOwned',
  columns: [
    primaryKey('salesorderid'),
    text('name', 300, applicationRequired),
    // Auto-numbered by the server when a create omits it.
    text('ordernumber', 100, { ...systemRequired, ...createOnly }),
    customer('customerid', ['account', 'contact'], applicationRequired),
    lookup('pricelevelid', 'pricelevel', applicationRequired),
    currencyColumns({ ...applicationRequired, ...createOnly }),
    lookup('opportunityid', 'opportunity'),
    lookup('quoteid', 'quote'),
    dateTime('requestdeliveryby', { format: 'DateOnly' }),
    dateTime('datefulfilled', { format: 'DateOnly' }),
    dateTime('submitdate', { format: 'DateOnly' }),
    // "Last Submitted to Back Office": the ERP sets it when it has taken the order over (the "transferred" mark).
    dateTime('lastbackofficesubmit', { format: 'DateOnly' }),
    // The ERP order's number, written by the bidirectional order sync (BC's BusinessCentralOrderNumber).
    text('businesscentralordernumber', 20),
    documentAmountColumns(),
    documentTermsColumns(),
    stateColumns({
      0: ['Active', { 1: 'New', 2: 'Pending' }],
      1: ['Submitted', { 3: 'In Progress' }],
      2: ['Canceled', { 4: 'No Money' }],
      3: ['Fulfilled', { 100001: 'Complete', 100002: 'Partial' }],
      4: ['Invoiced', { 100003: 'Invoiced' }],
    }),
    auditColumns(),
    ownerColumns(),
  ],
});
