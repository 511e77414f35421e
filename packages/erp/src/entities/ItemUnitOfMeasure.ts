import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/**
 * NAV table 5404 "Item Unit of Measure": a unit an item is counted in, with how many base units it holds (the base
 * unit itself has 1). NAV keys it by (item no., code); here that pair is unique and `systemId` is the key (Tandem
 * synchronizes tables with a single key). Synchronized with a CRM unit (`uom`) in the item's unit group.
 */
export interface ItemUnitOfMeasure extends SystemFields {
  itemNo: string;
  code: string;
  qtyPerUnitOfMeasure: Decimal;
}

export const ItemUnitOfMeasureSchema = new EntitySchema<ItemUnitOfMeasure>({
  name: 'ItemUnitOfMeasure',
  uniques: [{ properties: ['itemNo', 'code'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    itemNo: { type: 'string', length: 20 },
    code: { type: 'string', length: 10 },
    qtyPerUnitOfMeasure: { ...decimalColumn, default: '1' },
  },
});
