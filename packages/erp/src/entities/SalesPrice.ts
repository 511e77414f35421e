import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** NAV's Sales Price "Sales Type": whom the price is for; `salesCode` names that customer, group or campaign. */
export const SALES_TYPES = ['Customer', 'Customer Price Group', 'All Customers', 'Campaign'] as const;
export type SalesType = (typeof SALES_TYPES)[number];

/**
 * NAV table 7002 "Sales Price" (the legacy price calculation). NAV keys it by (item no., sales type, sales code,
 * starting date, currency code, variant code, unit of measure code, minimum quantity); here that tuple is unique and
 * `systemId` is the key (Tandem synchronizes tables with a single key). Blank codes are `''`, as in NAV: a blank
 * currency code is the local currency, a blank unit the item's base unit.
 */
export interface SalesPrice extends SystemFields {
  itemNo: string;
  salesType: SalesType;
  salesCode: string;
  currencyCode: string;
  /** ISO date (`'2026-01-01'`) or null: valid from the start. */
  startingDate: string | null;
  unitPrice: Decimal;
  priceIncludesVat: boolean;
  allowInvoiceDisc: boolean;
  allowLineDisc: boolean;
  unitOfMeasureCode: string;
  minimumQuantity: Decimal;
  /** ISO date or null: no end. */
  endingDate: string | null;
  variantCode: string;
}

export const SalesPriceSchema = new EntitySchema<SalesPrice>({
  name: 'SalesPrice',
  uniques: [
    { properties: ['itemNo', 'salesType', 'salesCode', 'startingDate', 'currencyCode', 'variantCode', 'unitOfMeasureCode', 'minimumQuantity'] },
  ],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    itemNo: { type: 'string', length: 20 },
    salesType: { type: 'string', length: 30, default: 'Customer' },
    salesCode: { type: 'string', length: 20, default: '' },
    currencyCode: { type: 'string', length: 10, default: '' },
    startingDate: { type: 'date', nullable: true },
    unitPrice: { ...decimalColumn, default: '0' },
    priceIncludesVat: { type: 'boolean', default: false },
    allowInvoiceDisc: { type: 'boolean', default: true },
    allowLineDisc: { type: 'boolean', default: true },
    unitOfMeasureCode: { type: 'string', length: 10, default: '' },
    minimumQuantity: { ...decimalColumn, default: '0' },
    endingDate: { type: 'date', nullable: true },
    variantCode: { type: 'string', length: 10, default: '' },
  },
});
