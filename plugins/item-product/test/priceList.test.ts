import { afterEach, describe, expect, it } from 'vitest';
import { nextSecond, type TestPair } from '@tandem/testing';
import { DEFAULT_PRICE_LIST_NAME, ITEM_PRODUCT, ITEM_PRODUCT_SETUP_KEY, ItemProductPlugin, ItemProductSetupSchema, productIdOfItem } from '../src/index';
import { addItem, allCrmRows, changeItem, crmRow, crmRows, startItemPair } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function priceListItems(p: TestPair, productId: string) {
  return crmRows(p, 'productpricelevel', { _productid_value: productId });
}

describe('ITEM-PRODUCT default price list', () => {
  it('creates the price list once, remembers its id, and gives each new product a price list item it points at', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'A', unitPrice: '10' });
    await addItem(pair, { no: 'B', unitPrice: '20.5' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const lists = await crmRows(pair, 'pricelevel', { name: DEFAULT_PRICE_LIST_NAME });
    expect(lists).toHaveLength(1);
    expect(lists[0]!.values._transactioncurrencyid_value).toBe(pair.emulator.baseCurrencyId);
    const setup = await pair.erp().findOneOrFail(ItemProductSetupSchema, { key: ITEM_PRODUCT_SETUP_KEY });
    expect(setup.defaultPriceListId).toBe(lists[0]!.id);
    for (const [no, amount] of [['A', 10], ['B', 20.5]] as const) {
      const product = await crmRow(pair, 'product', (await productIdOfItem(pair.host.state, no))!);
      expect(product.values._pricelevelid_value).toBe(lists[0]!.id);
      const items = await priceListItems(pair, product.id);
      expect(items).toHaveLength(1);
      expect(items[0]!.values).toMatchObject({ _pricelevelid_value: lists[0]!.id, _uomid_value: product.values._defaultuomid_value, amount, pricingmethodcode: 1 });
    }
    // a restart keeps using the remembered list
    await pair.restart();
    await addItem(pair, { no: 'C' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(await allCrmRows(pair, 'pricelevel')).toHaveLength(1);
  });

  it('keeps working after the price list is renamed and its amounts are edited by hand in the CRM', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'A', unitPrice: '10' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const [list] = await crmRows(pair, 'pricelevel', { name: DEFAULT_PRICE_LIST_NAME });
    const productId = (await productIdOfItem(pair.host.state, 'A'))!;
    const [priceItem] = await priceListItems(pair, productId);
    await pair.crm.write('pricelevel', [{ kind: 'update', ref: 'n', id: list!.id, values: { name: 'Spring prices' } }]);
    await pair.crm.write('productpricelevel', [{ kind: 'update', ref: 'p', id: priceItem!.id, values: { amount: 99 } }]);

    await nextSecond();
    await changeItem(pair, 'A', { unitPrice: '11' });
    await addItem(pair, { no: 'B', unitPrice: '5' });
    const [run] = await pair.host.engine.run(ITEM_PRODUCT);
    expect(run).toMatchObject({ modified: 1, failed: 0 });
    const [full] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(full).toMatchObject({ inserted: 1, failed: 0 });

    expect(await allCrmRows(pair, 'pricelevel')).toHaveLength(1);
    expect((await crmRow(pair, 'pricelevel', list!.id)).values.name).toBe('Spring prices');
    expect((await crmRow(pair, 'product', productId)).values.price).toBe(11);
    expect((await priceListItems(pair, productId)).map((i) => [i.id, i.values.amount])).toEqual([[priceItem!.id, 11]]);
    const productB = await crmRow(pair, 'product', (await productIdOfItem(pair.host.state, 'B'))!);
    expect(productB.values._pricelevelid_value).toBe(list!.id);
  });

  it('re-creates the price list when it was deleted, and points existing products at it when they sync', async () => {
    pair = await startItemPair();
    await addItem(pair, { no: 'A', unitPrice: '10' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const [old] = await crmRows(pair, 'pricelevel', { name: DEFAULT_PRICE_LIST_NAME });
    const [deleted] = await pair.crm.write('pricelevel', [{ kind: 'delete', ref: 'd', id: old!.id }]);
    expect(deleted?.ok).toBe(true);

    await nextSecond();
    await changeItem(pair, 'A', { unitPrice: '12' });
    const [run] = await pair.host.engine.run(ITEM_PRODUCT);
    expect(run).toMatchObject({ modified: 1, failed: 0 });
    const lists = await crmRows(pair, 'pricelevel', { name: DEFAULT_PRICE_LIST_NAME });
    expect(lists).toHaveLength(1);
    expect(lists[0]!.id).not.toBe(old!.id);
    const productId = (await productIdOfItem(pair.host.state, 'A'))!;
    expect((await crmRow(pair, 'product', productId)).values._pricelevelid_value).toBe(lists[0]!.id);
    const items = await priceListItems(pair, productId);
    expect(items.map((i) => [i.values._pricelevelid_value, i.values.amount])).toEqual([[lists[0]!.id, 12]]);
    expect((await pair.erp().findOneOrFail(ItemProductSetupSchema, { key: ITEM_PRODUCT_SETUP_KEY })).defaultPriceListId).toBe(lists[0]!.id);
  });

  it('names the price list through withOptions', async () => {
    pair = await startItemPair(ItemProductPlugin.withOptions({ priceListName: 'ERP prices' }));
    await addItem(pair, { no: 'A' });
    await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(await crmRows(pair, 'pricelevel', { name: 'ERP prices' })).toHaveLength(1);
  });
});
