import { afterEach, describe, expect, it } from 'vitest';
import { nextSecond, type TestPair } from '@tandem/testing';
import { DEFAULT_PRICE_LIST_NAME, ITEM_PRODUCT, itemNoOfProduct, productIdOfItem } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import { RESOURCE_PRODUCT, productIdOfResource, resourceNoOfProduct } from '../src/index';
import { addCrmProduct, addItem, addResource, changeResource, crmRow, crmRows, findItem, findResource, startResourcePair } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('RESOURCE-PRODUCT', () => {
  it('runs both ways on Services products after UNIT OF MEASURE, every 30 minutes with 720 minutes of inactivity', async () => {
    pair = await startResourcePair();
    expect(pair.host.mappings.get(RESOURCE_PRODUCT)).toMatchObject({
      businessTable: 'Resource', integrationTable: 'product', direction: 'bidirectional', syncOnlyCoupled: true,
      dependsOn: [UNIT_OF_MEASURE], integrationFilter: { producttypecode: 3 },
      schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
    });
  });

  it('creates an active Services product with the resource fields, priced in the default price list, and takes changes back', async () => {
    pair = await startResourcePair();
    await addResource(pair, { no: 'R1', name: 'Alice Consultant', unitPrice: '120', unitCost: '80.5', capacity: '-4', vendorNo: 'V9' });
    const [job] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    const productId = (await productIdOfResource(pair.host.state, 'R1'))!;
    expect(await resourceNoOfProduct(pair.host.state, productId)).toBe('R1');
    const groupId = (await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', 'HOUR'))!.integrationId;
    const [unit] = await crmRows(pair, 'uom', { _uomscheduleid_value: groupId });
    const [priceList] = await crmRows(pair, 'pricelevel', { name: DEFAULT_PRICE_LIST_NAME });
    const product = await crmRow(pair, 'product', productId);
    expect(product.values).toMatchObject({
      productnumber: 'R1', name: 'Alice Consultant', price: 120, standardcost: 80.5, currentcost: 80.5, quantityonhand: 0,
      vendorid: 'V9', producttypecode: 3, statecode: 0, _defaultuomscheduleid_value: groupId, _defaultuomid_value: unit!.id,
      _transactioncurrencyid_value: pair.emulator.baseCurrencyId, _pricelevelid_value: priceList!.id,
    });
    const [priceItem] = await crmRows(pair, 'productpricelevel', { _productid_value: productId });
    expect(priceItem!.values).toMatchObject({ amount: 120, _pricelevelid_value: priceList!.id, _uomid_value: unit!.id });

    // ERP → CRM: blocked retires the product
    await nextSecond();
    await changeResource(pair, 'R1', { blocked: true, unitPrice: '130' });
    const [blockJob] = await pair.host.engine.run(RESOURCE_PRODUCT);
    expect(blockJob).toMatchObject({ modified: 1, failed: 0 });
    expect((await crmRow(pair, 'product', productId)).values).toMatchObject({ statecode: 1, price: 130 });

    // CRM → ERP: the name comes back, the state sets Blocked
    await nextSecond();
    await pair.crm.write('product', [{ kind: 'update', ref: 'r', id: productId, values: { statecode: 0, name: 'Alice Senior' } }]);
    const [, fromCrm] = await pair.host.engine.run(RESOURCE_PRODUCT);
    expect(fromCrm).toMatchObject({ direction: 'fromIntegration', modified: 1, failed: 0 });
    expect(await findResource(pair, 'R1')).toMatchObject({ name: 'Alice Senior', blocked: false });
  });

  it('creates resources only from active Services products, numbered as the product, in its coupled unit', async () => {
    pair = await startResourcePair();
    const service = await addCrmProduct(pair, 'S-NEW', 3);
    const inventory = await addCrmProduct(pair, 'I-NEW', 1, 'PCS');
    const [job] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'fromIntegration' });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    expect(await findResource(pair, 'S-NEW')).toMatchObject({ name: 'CRM S-NEW', type: 'Person', baseUnitOfMeasure: 'HOUR', blocked: false });
    expect(await resourceNoOfProduct(pair.host.state, service)).toBe('S-NEW');
    expect(await findResource(pair, 'I-NEW')).toBeNull();
    expect(await resourceNoOfProduct(pair.host.state, inventory)).toBeUndefined();
  });
});

describe('items and resources share the product table', () => {
  it('never cross: same numbers stay apart, each mapping reads only its own products, a bad resource fails alone', async () => {
    pair = await startResourcePair();
    await addItem(pair, { no: 'X1', description: 'Bolt' });
    await addResource(pair, { no: 'X1', name: 'Xavier' });
    await addResource(pair, { no: 'R1', name: 'Rita' });
    await addResource(pair, { no: 'R2', name: 'No unit', baseUnitOfMeasure: null });
    await addResource(pair, { no: 'R3', name: 'Box unit', baseUnitOfMeasure: 'BOX' });
    const [itemJob] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(itemJob).toMatchObject({ inserted: 1, failed: 0 });
    const [resourceJob] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'toIntegration' });
    expect(resourceJob).toMatchObject({ inserted: 1, failed: 3 });
    const errors = Object.fromEntries((await pair.host.state.errors(RESOURCE_PRODUCT)).map((e) => [e.sourceId, e.message]));
    expect(errors.X1).toContain('TANDEM_RESOURCE_PRODUCT_NUMBER_TAKEN');
    expect(errors.X1).toContain('the CRM already has a product numbered X1 (Sales Inventory)');
    expect(errors.R2).toContain('TANDEM_RESOURCE_PRODUCT_BASE_UNIT_MISSING');
    expect(errors.R3).toContain('TANDEM_RESOURCE_PRODUCT_BASE_UNIT_NOT_COUPLED');

    const itemProduct = (await productIdOfItem(pair.host.state, 'X1'))!;
    const serviceProduct = (await productIdOfResource(pair.host.state, 'R1'))!;
    expect((await crmRow(pair, 'product', itemProduct)).values).toMatchObject({ productnumber: 'X1', producttypecode: 1, name: 'Bolt' });
    expect((await crmRow(pair, 'product', serviceProduct)).values).toMatchObject({ productnumber: 'R1', producttypecode: 3 });
    expect(await productIdOfResource(pair.host.state, 'X1')).toBeUndefined();

    // Full syncs from the CRM: an item product never becomes a resource, a service product never an item.
    const [resourcesBack] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'fromIntegration' });
    const [itemsBack] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'fromIntegration' });
    expect(resourcesBack).toMatchObject({ inserted: 0, failed: 0 });
    expect(itemsBack).toMatchObject({ inserted: 0, failed: 0 });
    expect(await findItem(pair, 'R1')).toBeNull();
    expect(await resourceNoOfProduct(pair.host.state, itemProduct)).toBeUndefined();
    expect(await itemNoOfProduct(pair.host.state, serviceProduct)).toBeUndefined();
    expect((await findResource(pair, 'X1'))!.name).toBe('Xavier');

    // One product row resolves to the mapping of its kind.
    expect((await pair.host.engine.resolveMapping('integration', 'product', await crmRow(pair, 'product', itemProduct))).name).toBe(ITEM_PRODUCT);
    expect((await pair.host.engine.resolveMapping('integration', 'product', await crmRow(pair, 'product', serviceProduct))).name).toBe(RESOURCE_PRODUCT);

    // A service product turned into Sales Inventory in the CRM is still the resource's: no item is made from it.
    await nextSecond();
    const [retyped] = await pair.crm.write('product', [{ kind: 'update', ref: 't', id: serviceProduct, values: { producttypecode: 1 } }]);
    expect(retyped?.ok).toBe(true);
    const [itemsAgain] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'fromIntegration' });
    expect(itemsAgain).toMatchObject({ inserted: 0, failed: 0 });
    expect(await findItem(pair, 'R1')).toBeNull();
    expect((await pair.host.engine.resolveMapping('integration', 'product', await crmRow(pair, 'product', serviceProduct))).name).toBe(RESOURCE_PRODUCT);
  });
});
