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
