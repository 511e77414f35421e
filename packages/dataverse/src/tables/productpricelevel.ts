import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  decimal,
  lookup,
  moneyWithBase,
  picklist,
  primaryKey,
  readOnly,
  systemRequired,
  text,
} from './columnBuilders';
import { auditColumns, currencyColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * Price list item: the price of one product in one unit on one price list. Its primary name is the product's name,
 * maintained by the server. No statecode.
 */
export const productpricelevelTable: DataverseTableDefinition = defineTable({
  logicalName: 'productpricelevel',
  entitySetName: 'productpricelevels',
  primaryIdAttribute: 'productpricelevelid',
  primaryNameAttribute: 'productidname',
  ownership: 'None',
  columns: [
    primaryKey('productpricelevelid'),
    text('productidname', 100, readOnly),
    lookup('pricelevelid', 'pricelevel', systemRequired),
    lookup('productid', 'product', systemRequired),
    lookup('uomid', 'uom', systemRequired),
    lookup('uomscheduleid', 'uomschedule'),
    moneyWithBase('amount', 2),
    decimal('percentage', 2),
    moneyWithBase('roundingoptionamount', 2),
    picklist('pricingmethodcode', {
      1: 'Currency Amount',
      2: 'Percent of List',
      3: 'Percent Markup - Current Cost',
      4: 'Percent Margin - Current Cost',
      5: 'Percent Markup - Standard Cost',
      6: 'Percent Margin - Standard Cost',
    }, systemRequired),
    picklist('quantitysellingcode', { 1: 'No Control', 2: 'Whole', 3: 'Whole and Fractional' }),
    picklist('roundingpolicycode', { 1: 'None', 2: 'Up', 3: 'Down', 4: 'To Nearest' }),
    picklist('roundingoptioncode', { 1: 'Ends in', 2: 'Multiple of' }),
    currencyColumns(),
    auditColumns(),
  ],
});
