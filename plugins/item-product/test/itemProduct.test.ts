import { afterEach, describe, expect, it } from 'vitest';
import { nextSecond, type TestPair } from '@tandem/testing';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import { ITEM_PRODUCT, itemNoOfProduct, productIdOfItem } from '../src/index';
import { addItem, changeItem, crmRow, crmRows, getItem, startItemPair } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('ITEM-PRODUCT fields', () => {
  it('creates an active Sales Inventory product with the item fields, its unit group and base unit, and back-links both ways', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'I1', description: 'Bolt', description2: 'steel', unitPrice: '12.5', unitCost: '7.25', inventory: '40', vendorNo: 'V1', vendorItemNo: 'B-7' });
    const [job] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    const productId = await productIdOfItem(pair.host.state, 'I1');
    expect(productId).toBeDefined();
    expect(await itemNoOfProduct(pair.host.state, productId!)).toBe('I1');
    const product = await crmRow(pair, 'product', productId!);
    const groupId = (await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', 'PCS'))!.integrationId;
    const [unit] = await crmRows(pair, 'uom', { _uomscheduleid_value: groupId });
    expect(product.values).toMatchObject({
      productnumber: 'I1', name: 'Bolt', description: 'steel', price: 12.5, standardcost: 7.25, currentcost: 7.25,
      quantityonhand: 40, vendorid: 'V1', vendorpartnumber: 'B-7', producttypecode: 1, statecode: 0,
      _defaultuomscheduleid_value: groupId, _defaultuomid_value: unit!.id,
      _transactioncurrencyid_value: pair.emulator.baseCurrencyId,
    });
  });
});

describe('ITEM-PRODUCT settings', () => {
  it('runs both ways after UNIT OF MEASURE, every 30 minutes with 1440 minutes of inactivity, on Sales Inventory products', async () => {
    pair = await startItemPair();
    const mapping = pair.host.mappings.get(ITEM_PRODUCT);
    expect(mapping).toMatchObject({
      direction: 'bidirectional', syncOnlyCoupled: true, dependsOn: [UNIT_OF_MEASURE],
      schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 86400 }, integrationFilter: { producttypecode: 1 },
    });
  });
});

describe('ITEM-PRODUCT rules', () => {
  it('sends a negative inventory (and price) as 0', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'NEG', inventory: '-3', unitPrice: '-1' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const product = await crmRow(pair, 'product', (await productIdOfItem(pair.host.state, 'NEG'))!);
    expect(product.values).toMatchObject({ quantityonhand: 0, price: 0 });

    await nextSecond();
    await changeItem(pair, 'NEG', { inventory: '8' });
    await pair.host.engine.run(ITEM_PRODUCT);
    expect((await crmRow(pair, 'product', product.id)).values.quantityonhand).toBe(8);
  });

  it('retires the product of an item that gets blocked, and activates it again when the item is unblocked', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'B1' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const productId = (await productIdOfItem(pair.host.state, 'B1'))!;
    await nextSecond();
    await changeItem(pair, 'B1', { blocked: true });
    const [blockJob] = await pair.host.engine.run(ITEM_PRODUCT);
    expect(blockJob).toMatchObject({ modified: 1, failed: 0 });
    expect((await crmRow(pair, 'product', productId)).values.statecode).toBe(1);

    await nextSecond();
    await changeItem(pair, 'B1', { blocked: false });
    await pair.host.engine.run(ITEM_PRODUCT);
    expect((await crmRow(pair, 'product', productId)).values.statecode).toBe(0);
  });

  it('blocks the item of a product retired in the CRM, unblocks it when the product is active again, and takes name changes', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'C1', description: 'Chair' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const productId = (await productIdOfItem(pair.host.state, 'C1'))!;
    await nextSecond();
    await pair.crm.write('product', [{ kind: 'update', ref: 'r', id: productId, values: { statecode: 1, name: 'Armchair' } }]);
    const [, fromCrm] = await pair.host.engine.run(ITEM_PRODUCT);
    expect(fromCrm).toMatchObject({ direction: 'fromIntegration', modified: 1, failed: 0 });
    expect(await getItem(pair, 'C1')).toMatchObject({ blocked: true, description: 'Armchair' });

    await nextSecond();
    await pair.crm.write('product', [{ kind: 'update', ref: 'a', id: productId, values: { statecode: 0 } }]);
    await pair.host.engine.run(ITEM_PRODUCT);
    expect((await getItem(pair, 'C1')).blocked).toBe(false);
    // our own writes do not come back as changes
    const [toCrm, back] = await pair.host.engine.run(ITEM_PRODUCT);
    expect(toCrm).toMatchObject({ modified: 0, inserted: 0 });
    expect(back).toMatchObject({ modified: 0, inserted: 0 });
  });

  it('leaves out blocked items that have no product yet (the ERP filter), but not coupled ones', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'OPEN' });
    await addItem(pair, { no: 'SHUT', blocked: true });
    const [job] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    expect(await productIdOfItem(pair.host.state, 'SHUT')).toBeUndefined();
    expect(await crmRows(pair, 'product', { productnumber: 'SHUT' })).toHaveLength(0);
  });

  it('creates items only from active Sales Inventory products (the CRM filter), numbered as the product, in its coupled unit', async () => {
    pair = await startItemPair();
    const groupId = (await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', 'PCS'))!.integrationId!;
    const [unit] = await crmRows(pair, 'uom', { _uomscheduleid_value: groupId });
    const product = (productnumber: string, producttypecode: number) => ({
      kind: 'insert' as const, ref: productnumber,
      values: { productnumber, name: `CRM ${productnumber}`, producttypecode, quantitydecimal: 2, _defaultuomscheduleid_value: groupId, _defaultuomid_value: unit!.id },
    });
    const written = (await pair.crm.write('product', [product('P-ACTIVE', 1), product('P-DRAFT', 1), product('P-SERVICE', 3)])).map((r) => {
      if (!r.ok) throw r.error;
      return r;
    });
    await pair.crm.write('product', [
      { kind: 'update', ref: 'a', id: written[0]!.id, values: { statecode: 0 } },
      { kind: 'update', ref: 's', id: written[2]!.id, values: { statecode: 0 } },
    ]);
    const [job] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'fromIntegration' });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    expect(await getItem(pair, 'P-ACTIVE')).toMatchObject({ description: 'CRM P-ACTIVE', baseUnitOfMeasure: 'PCS', blocked: false });
    expect(await itemNoOfProduct(pair.host.state, written[1]!.id)).toBeUndefined();
    expect(await itemNoOfProduct(pair.host.state, written[2]!.id)).toBeUndefined();
  });

  it('fails an item whose base unit is not coupled, or missing, with a clear message', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'U1', baseUnitOfMeasure: 'BOX' });
    await addItem(pair, { no: 'U2', baseUnitOfMeasure: null });
    const [job] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 0, failed: 2 });
    const errors = await pair.host.state.errors(ITEM_PRODUCT);
    const bySource = Object.fromEntries(errors.map((e) => [e.sourceId, e.message]));
    expect(bySource.U1).toContain('Item U1: its base unit of measure BOX is not coupled to a CRM unit group');
    expect(bySource.U1).toContain('TANDEM_ITEM_PRODUCT_BASE_UNIT_NOT_COUPLED');
    expect(bySource.U2).toContain('TANDEM_ITEM_PRODUCT_BASE_UNIT_MISSING');
  });

  it('fails items clearly when the local currency is not a CRM currency', async () => {
    pair = await startItemPair();
    const em = pair.erp();
    const { ERP_SETUP_KEY, ErpSetupSchema } = await import('@tandem/erp');
    const setup = await em.findOneOrFail(ErpSetupSchema, { key: ERP_SETUP_KEY });
    setup.localCurrencyCode = 'XTS';
    await em.flush();
    await addItem(pair, { no: 'X1' });
    const [job] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ failed: 1 });
    expect((await pair.host.state.errors(ITEM_PRODUCT))[0]!.message).toContain('TANDEM_ITEM_PRODUCT_CURRENCY_NOT_FOUND');
  });
});
