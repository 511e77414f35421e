import { expect } from 'vitest';
import { ItemSchema, LEDGER_SERVICE } from '@tandem/erp';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { ITEM_AVAILABILITY, ItemAvailabilityPlugin } from '@tandem/plugin-item-availability';
import type { Scenario } from '../Scenario';
import type { ScenarioEntry } from '../ScenarioEntry';

/** The first coupled (unblocked) item of the demo data. */
async function firstItem(s: Scenario) {
  const [item] = await s.erp().find(ItemSchema, { blocked: false, no: { $ne: 'WRITE-IN' } }, { orderBy: { no: 'asc' }, limit: 1 });
  return item!;
}

/**
 * The plugin job ITEM-AVAILABILITY (BC's "CRM Item Availability Job"): ledger entries change an item's inventory
 * without touching the item row, so ITEM-PRODUCT alone would not send it. The first run has nothing new to send (the
 * items went with their inventory in the full sync); the change: a positive adjustment of one item reaches its
 * product's quantity on hand, and nothing else is sent.
 */
export const itemAvailability: ScenarioEntry = {
  plugin: ItemAvailabilityPlugin,
  mappings: {},
  jobs: { [ITEM_AVAILABILITY]: {} },
  async seed(s) {
    // The demo data stamps every item alike, so each stays in ITEM-PRODUCT's re-read of its watermark's last second,
    // which would send a new inventory by itself. This item was last changed a minute before the others: only the
    // job can send its inventory.
    const item = await firstItem(s);
    await s.erp().nativeUpdate(ItemSchema, { no: item.no }, { modifiedAt: new Date(item.modifiedAt.getTime() - 60_000) });
  },
  async checkFirstRun(s) {
    const item = await firstItem(s);
    const product = await s.crmRow('product', await s.crmIdOf(ITEM_PRODUCT, item.no));
    expect(Number(product.values.quantityonhand)).toBe(Number(item.inventory));
  },
  change: {
    async make(s) {
      await s.host.container.resolve(LEDGER_SERVICE).postItemAdjustment({ itemNo: (await firstItem(s)).no, quantity: 7 });
    },
    expected: { [ITEM_AVAILABILITY]: { toIntegration: { modified: 1 } } },
    async verify(s) {
      const item = await firstItem(s);
      const product = await s.crmRow('product', await s.crmIdOf(ITEM_PRODUCT, item.no));
      expect(Number(product.values.quantityonhand)).toBe(Number(item.inventory));
    },
  },
};
