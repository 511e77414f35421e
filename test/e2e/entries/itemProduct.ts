import { expect } from 'vitest';
import { ItemSchema } from '@tandem/erp';
import { ITEM_PRODUCT, ItemProductPlugin, SALES_INVENTORY } from '@tandem/plugin-item-product';
import type { ScenarioEntry } from '../ScenarioEntry';
import { expectedProductUnit } from './productUnit';

/** ITEM-PRODUCT ↔ product of type Sales Inventory: one product per unblocked item, never a service product. */
export const itemProduct: ScenarioEntry = {
  plugin: ItemProductPlugin,
  mappings: { [ITEM_PRODUCT]: { toIntegration: { inserted: (s) => s.erp().count(ItemSchema, { blocked: false }) } } },
  async checkFirstRun(s) {
    const items = await s.erp().find(ItemSchema, { blocked: false }, { orderBy: { no: 'asc' } });
    const products = await s.crmRows('product', { producttypecode: SALES_INVENTORY });
    expect(products.map((p) => p.values.productnumber).sort()).toEqual(items.map((i) => i.no));
    const item = items[0]!;
    const product = await s.crmRow('product', await s.crmIdOf(ITEM_PRODUCT, item.no));
    expect(product.values).toMatchObject({ productnumber: item.no, name: item.description, producttypecode: SALES_INVENTORY });
    expect(Number(product.values.price)).toBe(Number(item.unitPrice));
    expect(product.values).toMatchObject(await expectedProductUnit(s, 'Item', item.no, item.baseUnitOfMeasure!));
  },
};
