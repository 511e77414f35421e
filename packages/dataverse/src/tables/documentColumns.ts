import type { DataverseColumn } from './DataverseTableDefinition';
import {
  applicationRequired,
  boolean,
  createOnly,
  decimal,
  integer,
  lookup,
  memo,
  moneyWithBase,
  picklist,
  readOnly,
  text,
} from './columnBuilders';
import { documentAddressColumns } from './addressColumns';
import { freightTermsOptions, paymentTermsOptions, shippingMethodOptions } from './optionSets';

/** Header amounts of orders and invoices. The totals are computed by the server, never written. */
export function documentAmountColumns(): DataverseColumn[] {
  const columns: (DataverseColumn | DataverseColumn[])[] = [
    moneyWithBase('totalamount', 2, readOnly),
    moneyWithBase('totalamountlessfreight', 2, readOnly),
    moneyWithBase('totaldiscountamount', 2, readOnly),
    moneyWithBase('totallineitemamount', 2, readOnly),
    moneyWithBase('totallineitemdiscountamount', 2, readOnly),
    moneyWithBase('totaltax', 2, readOnly),
    moneyWithBase('discountamount', 2),
    decimal('discountpercentage', 2),
    moneyWithBase('freightamount', 2),
  ];
  return columns.flat();
}

/**
 * Terms, notes and addresses of order and invoice headers: price lock, payment / shipping / freight terms, will-call,
 * description, and the ship-to and bill-to address blocks.
 */
export function documentTermsColumns(): DataverseColumn[] {
  const columns: (DataverseColumn | DataverseColumn[])[] = [
    boolean('ispricelocked', readOnly),
    picklist('paymenttermscode', paymentTermsOptions),
    picklist('shippingmethodcode', shippingMethodOptions),
    picklist('freighttermscode', freightTermsOptions),
    boolean('willcall'),
    memo('description', 2000),
    documentAddressColumns('shipto'),
    documentAddressColumns('billto'),
  ];
  return columns.flat();
}

/**
 * Lines of orders and invoices. An existing-product line binds `productid` and `uomid`; a write-in line sets
 * `isproductoverridden` and `productdescription` instead.
 */
export function documentLineColumns(): DataverseColumn[] {
  const columns: (DataverseColumn | DataverseColumn[])[] = [
    lookup('productid', 'product'),
    lookup('uomid', 'uom'),
    decimal('quantity', 5, applicationRequired),
    moneyWithBase('priceperunit', 2),
    boolean('ispriceoverridden'),
    // Write-in (true) or existing product (false); fixed once the line exists.
    boolean('isproductoverridden', createOnly),
    text('productdescription', 500),
    text('productname', 500),
    text('productnumber', 100, readOnly),
    moneyWithBase('manualdiscountamount', 2),
    moneyWithBase('tax', 2),
    moneyWithBase('baseamount', 2, readOnly),
    moneyWithBase('extendedamount', 2, readOnly),
    moneyWithBase('volumediscountamount', 2, readOnly),
    integer('lineitemnumber'),
    integer('sequencenumber'),
    memo('description', 2000),
    picklist('producttypecode', {
      1: 'Product',
      2: 'Bundle',
      3: 'Required Bundle Product',
      4: 'Optional Bundle Product',
      5: 'Project-based Service',
    }),
    decimal('quantitybackordered', 5),
    decimal('quantitycancelled', 5),
    decimal('quantityshipped', 5),
  ];
  return columns.flat();
}
