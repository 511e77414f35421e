import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** NAV table 27 "Item". Synchronized with the CRM product; a blocked item cannot be released on an order. */
export interface Item extends SystemFields {
  no: string;
  description: string;
  description2: string | null;
  baseUnitOfMeasure: string | null;
  unitPrice: Decimal;
  unitCost: Decimal;
  /**
   * Quantity on hand: the sum of the item's ledger entry quantities (a FlowField in NAV). Stored here, and kept equal
   * to that sum by every posting (`LedgerService`, order posting) without touching `modifiedAt`, as a FlowField does
   * not move SystemModifiedAt; `LedgerService.recalculateInventory` rebuilds it from the ledger.
   */
  inventory: Decimal;
  unitVolume: Decimal;
  grossWeight: Decimal;
  vendorNo: string | null;
  vendorItemNo: string | null;
  blocked: boolean;
}

export const ItemSchema = new EntitySchema<Item>({
  name: 'Item',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek.
  indexes: [{ properties: ['modifiedAt', 'no'] }],
  properties: {
    no: { type: 'string', length: 20, primary: true },
    description: { type: 'string', length: 100 },
    description2: { type: 'string', length: 50, nullable: true },
    baseUnitOfMeasure: { type: 'string', length: 10, nullable: true },
    unitPrice: { ...decimalColumn, default: '0' },
    unitCost: { ...decimalColumn, default: '0' },
    inventory: { ...decimalColumn, default: '0' },
    unitVolume: { ...decimalColumn, default: '0' },
    grossWeight: { ...decimalColumn, default: '0' },
    vendorNo: { type: 'string', length: 20, nullable: true },
    vendorItemNo: { type: 'string', length: 50, nullable: true },
    blocked: { type: 'boolean', default: false },
    ...systemProperties(),
  },
});
