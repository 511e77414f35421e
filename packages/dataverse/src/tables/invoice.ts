import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  createOnly,
  customer,
  dateTime,
  lookup,
  primaryKey,
  stateCode,
  statusCode,
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
    stateCode([
      [0, 'Active', 1],
      [1, 'Closed (deprecated)', 3],
      [2, 'Paid', 100001],
      [3, 'Canceled', 100003],
    ]),
    statusCode([
      [1, 'New', 0],
      [2, 'Partially Shipped', 0],
      [3, 'Canceled (deprecated)', 1],
      [4, 'Billed', 0],
      [5, 'Booked (applies to services)', 0],
      [6, 'Installed (applies to services)', 0],
      [7, 'Paid in Full (deprecated)', 1],
      [100001, 'Complete', 2],
      [100002, 'Partial', 2],
      [100003, 'Canceled', 3],
    ]),
    auditColumns(),
    ownerColumns(),
  ],
});
