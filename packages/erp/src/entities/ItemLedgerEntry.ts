import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** NAV's item ledger entry types this ERP posts. */
export type ItemLedgerEntryType = 'Sale' | 'Positive Adjmt.' | 'Negative Adjmt.';

/**
 * NAV table 32 "Item Ledger Entry": one posted change of an item's quantity. Posting an order writes a Sale entry
 * per line (negative quantity); `LedgerService.postItemAdjustment` writes positive and negative adjustments. An
 * item's inventory is the sum of its entries' quantities (see `Item.inventory`). Entries are never changed.
 */
export interface ItemLedgerEntry extends SystemFields {
  /** Assigned by the database in posting order. */
  entryNo: number;
  itemNo: string;
  /** `YYYY-MM-DD`. */
  postingDate: string;
  entryType: ItemLedgerEntryType;
  documentNo: string;
  /** Signed: negative for sales and negative adjustments. */
  quantity: Decimal;
}

export const ItemLedgerEntrySchema = new EntitySchema<ItemLedgerEntry>({
  name: 'ItemLedgerEntry',
  properties: {
    entryNo: { type: 'integer', primary: true, autoincrement: true },
    itemNo: { type: 'string', length: 20, index: true },
    postingDate: { type: 'date' },
    entryType: { type: 'string', length: 20 },
    documentNo: { type: 'string', length: 20 },
    quantity: { ...decimalColumn, default: '0' },
    ...systemProperties(),
  },
});
