import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  boolean,
  createOnly,
  dateTime,
  decimal,
  integer,
  lookup,
  memo,
  moneyWithBase,
  picklist,
  primaryKey,
  stateColumns,
  systemRequired,
  text,
} from './columnBuilders';
import { auditColumns, currencyColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * Product: the CRM side of an ERP item. New products start as Draft (statecode 2) unless the organization creates
 * them active; `pricelevelid` (default price list) can only be set by a later update, once a price list item exists.
 */
export const productTable: DataverseTableDefinition = defineTable({
  logicalName: 'product',
  entitySetName: 'products',
  primaryIdAttribute: 'productid',
  primaryNameAttribute: 'name',
  ownership: 'OrganizationOwned',
  columns: [
    primaryKey('productid'),
    // Labelled "Product ID" in the UI: the ERP item number. Unique: a duplicate is refused (`0x80043b06`).
    text('productnumber', 100, systemRequired),
    text('name', 100, applicationRequired),
    picklist('productstructure', { 1: 'Product', 2: 'Product Family', 3: 'Product Bundle' }, { ...systemRequired, ...createOnly }),
    picklist('producttypecode', { 1: 'Sales Inventory', 2: 'Miscellaneous Charges', 3: 'Services', 4: 'Flat Fees' }),
    // "Decimals Supported": 0..5 decimal places allowed in quantities.
    integer('quantitydecimal', applicationRequired),
    lookup('defaultuomscheduleid', 'uomschedule', applicationRequired),
    lookup('defaultuomid', 'uom', applicationRequired),
    lookup('pricelevelid', 'pricelevel', { validForCreate: false }),
    moneyWithBase('price', 2),
    moneyWithBase('standardcost', 2),
    moneyWithBase('currentcost', 2),
    decimal('quantityonhand', 2),
    decimal('stockweight', 2),
    decimal('stockvolume', 2),
    memo('description', 2000),
    // The ERP vendor number, as text.
    text('vendorid', 100),
    text('vendorname', 100),
    text('vendorpartnumber', 100),
    text('suppliername', 100),
    dateTime('validfromdate', { format: 'DateOnly' }),
    dateTime('validtodate', { format: 'DateOnly' }),
    lookup('parentproductid', 'product', createOnly),
    boolean('isstockitem'),
    boolean('iskit'),
    currencyColumns(),
    stateColumns({
      0: ['Active', { 1: 'Active' }],
      1: ['Retired', { 2: 'Retired' }],
      2: ['Draft', { 0: 'Draft' }],
      3: ['Under Revision', { 3: 'Under Revision' }],
    }),
    auditColumns(),
  ],
});
