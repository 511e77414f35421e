import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { documentAddressColumns } from './addressColumns';
import { boolean, createOnly, lookup, picklist, primaryKey, readOnly, systemRequired, text } from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { documentLineColumns } from './documentColumns';
import { defineTable } from './defineTable';
import { pricingErrorOptions } from './optionSets';

/** Invoice product: one line of an invoice, either an existing product or a write-in. */
export const invoicedetailTable: DataverseTableDefinition = defineTable({
  logicalName: 'invoicedetail',
  entitySetName: 'invoicedetails',
  primaryIdAttribute: 'invoicedetailid',
  primaryNameAttribute: 'invoicedetailname',
  ownership: 'UserOwned',
  columns: [
    primaryKey('invoicedetailid'),
    text('invoicedetailname', 500),
    lookup('invoiceid', 'invoice', { ...systemRequired, ...createOnly }),
    lookup('salesorderdetailid', 'salesorderdetail'),
    documentLineColumns(),
    lookup('parentbundleidref', 'invoicedetail'),
    picklist('pricingerrorcode', pricingErrorOptions, readOnly),
    boolean('invoiceispricelocked', readOnly),
    documentAddressColumns('shipto'),
    currencyColumns(readOnly),
    auditColumns(),
    ownerColumns(),
  ],
});
