import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { documentAddressColumns } from './addressColumns';
import { createOnly, dateTime, lookup, picklist, primaryKey, readOnly, systemRequired, text } from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { documentLineColumns } from './documentColumns';
import { defineTable } from './defineTable';
import { pricingErrorOptions } from './optionSets';

/** Quote product: one line of a quote, either an existing product or a write-in (as order and invoice lines). */
export const quotedetailTable: DataverseTableDefinition = defineTable({
  logicalName: 'quotedetail',
  entitySetName: 'quotedetails',
  primaryIdAttribute: 'quotedetailid',
  primaryNameAttribute: 'quotedetailname',
  ownership: 'UserOwned',
  columns: [
    primaryKey('quotedetailid'),
    text('quotedetailname', 500),
    lookup('quoteid', 'quote', { ...systemRequired, ...createOnly }),
    documentLineColumns(),
    dateTime('requestdeliveryby', { format: 'DateOnly' }),
    lookup('parentbundleidref', 'quotedetail'),
    picklist('pricingerrorcode', pricingErrorOptions, readOnly),
    picklist('quotestatecode', { 0: 'Draft', 1: 'Active', 2: 'Won', 3: 'Closed' }, readOnly),
    documentAddressColumns('shipto'),
    currencyColumns(readOnly),
    auditColumns(),
    ownerColumns(),
  ],
});
