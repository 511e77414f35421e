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

/** Invoice: the CRM side of a posted ERP sales invoice. */
export const invoiceTable: DataverseTableDefinition = defineTable({
  logicalName: 'invoice',
  entitySetName: 'invoices',
  primaryIdAttribute: 'invoiceid',
  primaryNameAttribute: 'name',
  ownership: 'UserOwned',
  columns: [
    primaryKey('invoiceid'),
    text('name', 300, applicationRequired),
    text('invoicenumber', 100, { ...systemRequired, ...createOnly }),
    customer('customerid', ['account', 'contact'], applicationRequired),
    lookup('salesorderid', 'salesorder'),
    lookup('opportunityid', 'opportunity'),
    lookup('pricelevelid', 'pricelevel', applicationRequired),
    currencyColumns({ ...applicationRequired, ...createOnly }),
    dateTime('duedate', { format: 'DateOnly' }),
    dateTime('datedelivered', { format: 'DateOnly' }),
    documentAmountColumns(),
    documentTermsColumns(),
    stateColumns({
      0: ['Active', { 1: 'New', 2: 'Partially Shipped', 4: 'Billed', 5: 'Booked (applies to services)', 6: 'Installed (applies to services)' }],
      1: ['Closed (deprecated)', { 3: 'Canceled (deprecated)', 7: 'Paid in Full (deprecated)' }],
      2: ['Paid', { 100001: 'Complete', 100002: 'Partial' }],
      3: ['Canceled', { 100003: 'Canceled' }],
    }),
    auditColumns(),
    ownerColumns(),
  ],
});
