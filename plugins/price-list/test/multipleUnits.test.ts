// Multiple units of measure (unit-of-measure's switch on): a price's unit is the item's own unit of that code, coupled
// in ITEM UOM (UNIT OF MEASURE does not exist in that mode).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, ItemUnitOfMeasureSchema, UnitGroupSchema, UnitOfMeasureSchema, unitGroupCode } from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { ITEM_PRODUCT, ItemProductPlugin } from '@tandem/plugin-item-product';
import { ITEM_UOM, UNIT_GROUP, UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { CUSTPRCGRP_PRICE, PriceListErrorCodes, PriceListPlugin, SALESPRC_PRODPRICE } from '../src/index';
import { addGroup, addPrice, crmRow, integrationIdOf } from './helpers';

const system = () => ({ systemId: randomUUID(), modifiedAt: new Date() });
let pair: TestPair;

/** I1 (base PCS, also BOX of 12) and I2 (base PCS), each with its own unit group and units, synchronized. */
beforeAll(async () => {
  pair = await startTestPair({ plugins: [CurrencyPlugin, UnitOfMeasurePlugin.withOptions({ multipleUnitsOfMeasure: true }), ItemProductPlugin, PriceListPlugin] });
  const em = pair.erp();
  await em.insert(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD', ...system() } as never);
  for (const code of ['PCS', 'BOX', 'SET']) await em.insert(UnitOfMeasureSchema, { code, description: code, ...system() } as never);
  for (const [no, units] of [['I1', { PCS: '1', BOX: '12' }], ['I2', { PCS: '1' }]] as const) {
    await em.insert(ItemSchema, { no, description: `Item ${no}`, baseUnitOfMeasure: 'PCS', unitPrice: '10', ...system() } as never);
    await em.insert(UnitGroupSchema, { code: unitGroupCode('Item', no), sourceType: 'Item', sourceNo: no, ...system() } as never);
    for (const [code, qty] of Object.entries(units)) await em.insert(ItemUnitOfMeasureSchema, { itemNo: no, code, qtyPerUnitOfMeasure: qty, ...system() } as never);
  }
  for (const mapping of [CURRENCY, UNIT_GROUP, ITEM_UOM, ITEM_PRODUCT]) {
    const jobs = await pair.host.engine.fullSync(mapping);
    if (jobs.some((j) => j.failed > 0)) throw new Error(`setup: ${mapping} failed: ${JSON.stringify(await pair.host.state.errors(mapping))}`);
  }
}, 30_000);
afterAll(async () => pair?.close());

const itemUnit = async (itemNo: string, code: string) =>
  integrationIdOf(pair, ITEM_UOM, (await pair.erp().findOneOrFail(ItemUnitOfMeasureSchema, { itemNo, code })).systemId);

describe('price list items with multiple units of measure', () => {
  it('takes each price\'s unit from the item\'s own unit (ITEM UOM), the base unit for a blank one; a second run writes nothing; an item without that unit fails alone', async () => {
    expect(pair.host.mappings.all().map((m) => m.name)).not.toContain(UNIT_OF_MEASURE);
    await addGroup(pair, 'WHOLESALE');
    const blank = await addPrice(pair, { itemNo: 'I1', salesCode: 'WHOLESALE', unitPrice: '9' });
    const box = await addPrice(pair, { itemNo: 'I1', salesCode: 'WHOLESALE', unitPrice: '99', unitOfMeasureCode: 'BOX' });
    const other = await addPrice(pair, { itemNo: 'I2', salesCode: 'WHOLESALE', unitPrice: '18' });
    const noSuchUnit = await addPrice(pair, { itemNo: 'I2', salesCode: 'WHOLESALE', unitPrice: '50', unitOfMeasureCode: 'SET' });
    await pair.host.engine.fullSync(CUSTPRCGRP_PRICE);
    const [job] = await pair.host.engine.fullSync(SALESPRC_PRODPRICE);
    expect(job).toMatchObject({ inserted: 3, failed: 1 });

    const listItem = async (systemId: string) => (await crmRow(pair, 'productpricelevel', (await integrationIdOf(pair, SALESPRC_PRODPRICE, systemId))!)).values;
    expect(await listItem(blank)).toMatchObject({ _uomid_value: await itemUnit('I1', 'PCS'), _productid_value: await integrationIdOf(pair, ITEM_PRODUCT, 'I1') });
    expect(await listItem(box)).toMatchObject({ _uomid_value: await itemUnit('I1', 'BOX') });
    expect(await listItem(other)).toMatchObject({ _uomid_value: await itemUnit('I2', 'PCS') });
    // I1's PCS and I2's PCS are different CRM units (each item has its own unit group).
    expect(await itemUnit('I1', 'PCS')).not.toBe(await itemUnit('I2', 'PCS'));
    const errors = await pair.host.state.errors(SALESPRC_PRODPRICE, { jobId: job!.id });
    expect(errors).toEqual([expect.objectContaining({ sourceId: noSuchUnit })]);
    expect(errors[0]!.message).toContain(PriceListErrorCodes.UNIT_NOT_COUPLED);
    expect(errors[0]!.message).toMatch(/item I2: the item's unit of measure SET is not coupled .*ITEM UOM/);

    // Fixed by giving I2 the unit SET: ITEM UOM couples it, and the price goes through.
    await pair.erp().insert(ItemUnitOfMeasureSchema, { itemNo: 'I2', code: 'SET', qtyPerUnitOfMeasure: '6', ...system() } as never);
    await pair.host.engine.run(ITEM_UOM);
    const [retry] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(retry).toMatchObject({ inserted: 1, failed: 0 });
    expect(await listItem(noSuchUnit)).toMatchObject({ _uomid_value: await itemUnit('I2', 'SET') });

    for (const again of await pair.host.engine.runAll()) expect(again, again.mapping).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
  });
});
