import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, LEDGER_SERVICE, UnitOfMeasureSchema } from '@tandem/erp';
import { ITEM_PRODUCT, ItemProductPlugin, productIdOfItem } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { ITEM_AVAILABILITY, ItemAvailabilityPlugin } from '../src/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Items I1, I2 (coupled, with opening stock 10 and 20) and I3 (not coupled); the job has run once. */
async function startAvailabilityPair(): Promise<{ pair: TestPair; adjust(itemNo: string, quantity: number): Promise<void>; product(itemNo: string): Promise<{ id: string; quantity: number; modifiedOn: Date }> }> {
  const p = await startTestPair({ plugins: [UnitOfMeasurePlugin, ItemProductPlugin, ItemAvailabilityPlugin] });
  const em = p.erp();
  em.create(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD' } as never);
  em.create(UnitOfMeasureSchema, { code: 'PCS', description: 'Piece' } as never);
  for (const no of ['I1', 'I2', 'I3']) em.create(ItemSchema, { no, description: `Item ${no}`, baseUnitOfMeasure: 'PCS', unitPrice: '10', unitCost: '6', inventory: '0' } as never);
  await em.flush();
  const ledger = p.host.container.resolve(LEDGER_SERVICE);
  const adjust = async (itemNo: string, quantity: number) => void (await ledger.postItemAdjustment({ itemNo, quantity }));
  await adjust('I1', 10);
  await adjust('I2', 20);
  await p.host.engine.fullSync(UNIT_OF_MEASURE);
  for (const no of ['I1', 'I2']) await p.host.engine.syncRecord(ITEM_PRODUCT, { businessId: no }, 'toIntegration');
  // ITEM-PRODUCT's watermark moves past the coupled items (an edit of I3 is the newest item change), and the
  // setup's ledger entries are older than the availability job's overlap window when it first runs.
  await sleep(1200);
  const edit = p.erp();
  (await edit.findOneOrFail(ItemSchema, { no: 'I3' })).description = 'Item I3 (edited)';
  await edit.flush();
  await p.host.engine.run(ITEM_PRODUCT, { direction: 'toIntegration' });
  await p.host.jobs.run(ITEM_AVAILABILITY);
  const product = async (itemNo: string) => {
    const id = (await productIdOfItem(p.host.state, itemNo))!;
    const [row] = await p.host.stores.integration.getByIds('product', [id]);
    return { id, quantity: Number(row!.values['quantityonhand']), modifiedOn: row!.modifiedOn };
  };
  return { pair: p, adjust, product };
}

describe('the item availability job (ITEM-AVAILABILITY)', () => {
  it('sends the new quantity on hand of an item whose ledger changed, which ITEM-PRODUCT alone does not see; untouched items are not sent', async () => {
    const world = await startAvailabilityPair();
    pair = world.pair;
    expect((await world.product('I1')).quantity).toBe(10);
    const untouched = await world.product('I2');

    await world.adjust('I1', 7);
    await world.adjust('I3', 5); // not coupled: nothing to send
    // A ledger entry leaves the item row as it was, so a plain ITEM-PRODUCT run finds nothing to send.
    const [plain] = await pair.host.engine.run(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(plain!.modified).toBe(0);
    expect((await world.product('I1')).quantity).toBe(10);

    const job = await pair.host.jobs.run(ITEM_AVAILABILITY);
    expect([job.modified, job.unchanged, job.failed]).toEqual([1, 0, 0]);
    expect((await world.product('I1')).quantity).toBe(17);
    const after = await world.product('I2');
    expect([after.quantity, after.modifiedOn.getTime()]).toEqual([20, untouched.modifiedOn.getTime()]);

    // Nothing new: nothing is sent (an entry inside the overlap window is compared again, and found unchanged).
    const sent = await world.product('I1');
    const idle = await pair.host.jobs.run(ITEM_AVAILABILITY);
    expect([idle.modified, idle.failed]).toEqual([0, 0]);
    expect((await world.product('I1')).modifiedOn).toEqual(sent.modifiedOn);
  });

  it('an item coupled to a product deleted in the CRM fails with a clear code; the other items are sent', async () => {
    const world = await startAvailabilityPair();
    pair = world.pair;
    const gone = await world.product('I2');
    await pair.crm.write('product', [{ kind: 'delete', ref: 'p', id: gone.id }]);
    await world.adjust('I1', -4);
    await world.adjust('I2', 1);

    const job = await pair.host.jobs.run(ITEM_AVAILABILITY);
    expect([job.modified, job.failed]).toEqual([1, 1]);
    expect((await world.product('I1')).quantity).toBe(6);
    const [error] = await pair.host.state.errors(ITEM_AVAILABILITY, { jobId: job.id });
    expect(error).toMatchObject({ sourceId: 'I2', code: ErrorCodes.DELETION_CONFLICT });
    expect(error!.message).toContain('ITEM-PRODUCT');
  });

  it('is scheduled every 30 minutes', async () => {
    const world = await startAvailabilityPair();
    pair = world.pair;
    const [entry] = await pair.host.state.scheduleEntries(ITEM_AVAILABILITY);
    expect(entry!.intervalSeconds).toBe(1800);
    expect(pair.host.jobs.get(ITEM_AVAILABILITY).plugin).toBe('ItemAvailabilityPlugin');
  });
});
