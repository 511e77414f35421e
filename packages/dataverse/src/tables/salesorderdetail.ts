import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { documentAddressColumns } from './addressColumns';
import { boolean, createOnly, dateTime, integer, lookup, picklist, primaryKey, readOnly, systemRequired, text } from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { documentLineColumns } from './documentColumns';
import { defineTable } from './defineTable';
import { pricingErrorOptions } from './optionSets';

/** Order product: one line of an order, either an existing product or a write-in. */
export const salesorderdetailTable: DataverseTableDefinition = defineTable({
  logicalName: 'salesorderdetail',
  entitySetName: 'salesorderdetails',
  primaryIdAttribute: 'salesorderdetailid',
  primaryNameAttribute: 'salesorderdetailname',
  ownership: 'UserOwned',
  columns: [
    primaryKey('salesorderdetailid'),
    text('salesorderdetailname', 500),
    lookup('salesorderid', 'salesorder', { ...systemRequired, ...createOnly }),
    documentLineColumns(),
    dateTime('requestdeliveryby', { format: 'DateOnly' }),
    // The ERP line's number, written by the bidirectional order sync (BC's BusinessCentralLineNumber).
    integer('businesscentrallinenumber'),
    lookup('parentbundleidref', 'salesorderdetail'),
    lookup('quotedetailid', 'quotedetail'),
    picklist('pricingerrorcode', pricingErrorOptions, readOnly),
    boolean('salesorderispricelocked', readOnly),
    picklist('salesorderstatecode', { 0: 'Active', 1: 'Submitted', 2: 'Canceled', 3: 'Fulfilled', 4: 'Invoiced' }, readOnly),
    documentAddressColumns('shipto'),
    currencyColumns(readOnly),
    auditColumns(),
    ownerColumns(),
  ],
});
