import { afterEach, describe, expect, it } from 'vitest';
import { nextSecond, type TestPair } from '@tandem/testing';
import { CustomerPriceGroupSchema, ItemSchema } from '@tandem/erp';
import { CURRENCY } from '@tandem/plugin-currency';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import { CUSTPRCGRP_PRICE, PriceListErrorCodes, SALESPRC_PRODPRICE } from '../src/index';
import { addGroup, addPrice, crmRow, crmRows, integrationIdOf, startPricePair } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function unitOf(p: TestPair, unitCode: string): Promise<string> {
  const groupId = (await integrationIdOf(p, UNIT_OF_MEASURE, unitCode))!;
  const [unit] = await crmRows(p, 'uom', { _uomscheduleid_value: groupId });
  return unit!.id;
}

describe('price lists from customer price groups', () => {
  it('creates a price list per group in its prices\' currency and a price list item per group price; ignores other sales types and dates; a second run writes nothing (and the mappings\' settings)', async () => {
    pair = await startPricePair();
    // the settings: ERP → CRM every 30 minutes (1440 idle), groups coupled-only, prices of groups only
    expect(pair.host.mappings.get(CUSTPRCGRP_PRICE)).toMatchObject({
      direction: 'toIntegration', syncOnlyCoupled: true, dependsOn: [CURRENCY, ITEM_PRODUCT],
      schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 86400 },
    });
    expect(pair.host.mappings.get(SALESPRC_PRODPRICE)).toMatchObject({
      direction: 'toIntegration', syncOnlyCoupled: false, dependsOn: [CUSTPRCGRP_PRICE, ITEM_PRODUCT],
      businessFilter: { salesType: 'Customer Price Group', salesCode: { $ne: '' } },
      schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 86400 },
    });
    await addGroup(pair, 'RETAIL');
    await addGroup(pair, 'EXPORT');
    await addGroup(pair, 'EMPTY');
    const retailI1 = await addPrice(pair, { itemNo: 'I1', salesCode: 'RETAIL', unitPrice: '9', startingDate: '2026-01-01', endingDate: '2026-12-31' });
    const retailI2 = await addPrice(pair, { itemNo: 'I2', salesCode: 'RETAIL', unitPrice: '180', unitOfMeasureCode: 'BOX' });
    const exportI1 = await addPrice(pair, { itemNo: 'I1', salesCode: 'EXPORT', unitPrice: '8.5', currencyCode: 'EUR' });
    const ignored = [
      await addPrice(pair, { itemNo: 'I1', salesType: 'Customer', salesCode: 'C1', unitPrice: '1' }),
      await addPrice(pair, { itemNo: 'I1', salesType: 'All Customers', salesCode: '', unitPrice: '2' }),
      await addPrice(pair, { itemNo: 'I2', salesType: 'Campaign', salesCode: 'CAMP1', unitPrice: '3' }),
      await addPrice(pair, { itemNo: 'I2', salesType: 'Customer Price Group', salesCode: '', unitPrice: '4' }),
    ];

    const [groups] = await pair.host.engine.fullSync(CUSTPRCGRP_PRICE);
    expect(groups).toMatchObject({ inserted: 3, failed: 0 });
    const eurId = (await integrationIdOf(pair, CURRENCY, 'EUR'))!;
    const lists = {
      RETAIL: await crmRow(pair, 'pricelevel', (await integrationIdOf(pair, CUSTPRCGRP_PRICE, 'RETAIL'))!),
      EXPORT: await crmRow(pair, 'pricelevel', (await integrationIdOf(pair, CUSTPRCGRP_PRICE, 'EXPORT'))!),
      EMPTY: await crmRow(pair, 'pricelevel', (await integrationIdOf(pair, CUSTPRCGRP_PRICE, 'EMPTY'))!),
    };
    expect(lists.RETAIL.values).toMatchObject({ name: 'RETAIL', _transactioncurrencyid_value: pair.emulator.baseCurrencyId, begindate: null, enddate: null });
    expect(lists.EXPORT.values).toMatchObject({ name: 'EXPORT', _transactioncurrencyid_value: eurId });
    expect(lists.EMPTY.values).toMatchObject({ name: 'EMPTY', _transactioncurrencyid_value: pair.emulator.baseCurrencyId });

    const [prices] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(prices).toMatchObject({ inserted: 3, failed: 0 });
    const product = async (itemNo: string) => (await integrationIdOf(pair!, ITEM_PRODUCT, itemNo))!;
    const item = async (priceId: string) => crmRow(pair!, 'productpricelevel', (await integrationIdOf(pair!, SALESPRC_PRODPRICE, priceId))!);
    expect((await item(retailI1)).values).toMatchObject({
      _pricelevelid_value: lists.RETAIL.id, _productid_value: await product('I1'), _uomid_value: await unitOf(pair, 'PCS'),
      amount: 9, pricingmethodcode: 1, _transactioncurrencyid_value: pair.emulator.baseCurrencyId,
    });
    expect((await item(retailI2)).values).toMatchObject({
      _pricelevelid_value: lists.RETAIL.id, _productid_value: await product('I2'), _uomid_value: await unitOf(pair, 'BOX'), amount: 180,
    });
    expect((await item(exportI1)).values).toMatchObject({
      _pricelevelid_value: lists.EXPORT.id, _productid_value: await product('I1'), amount: 8.5, _transactioncurrencyid_value: eurId,
    });
    for (const id of ignored) expect(await pair.host.state.findCoupling(SALESPRC_PRODPRICE, 'business', id)).toBeNull();
    expect(await crmRows(pair, 'productpricelevel', { _pricelevelid_value: lists.RETAIL.id })).toHaveLength(2);
    expect(await crmRows(pair, 'productpricelevel', { _pricelevelid_value: lists.EMPTY.id })).toHaveLength(0);

    // nothing changed: neither mapping writes anything
    await nextSecond();
    for (const mapping of [CUSTPRCGRP_PRICE, SALESPRC_PRODPRICE]) {
      const [again] = await pair.host.engine.run(mapping);
      expect(again, mapping).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    }
    const [forced] = await pair.host.engine.fullSync(SALESPRC_PRODPRICE);
    expect(forced).toMatchObject({ inserted: 0, modified: 0, failed: 0, unchanged: 3 });
  });

  it('fails a group whose prices use several currencies, telling to split it, and its prices; other groups still sync', async () => {
    pair = await startPricePair();
    await addGroup(pair, 'MIXED');
    await addGroup(pair, 'RETAIL');
    await addPrice(pair, { itemNo: 'I1', salesCode: 'MIXED', unitPrice: '9' });
    await addPrice(pair, { itemNo: 'I2', salesCode: 'MIXED', unitPrice: '18', currencyCode: 'EUR' });
    const retail = await addPrice(pair, { itemNo: 'I1', salesCode: 'RETAIL', unitPrice: '9.5' });

    const [groups] = await pair.host.engine.fullSync(CUSTPRCGRP_PRICE);
    expect(groups).toMatchObject({ inserted: 1, failed: 1 });
    const [groupError] = await pair.host.state.errors(CUSTPRCGRP_PRICE);
    expect(groupError).toMatchObject({ sourceId: 'MIXED', code: PriceListErrorCodes.SEVERAL_CURRENCIES });
    expect(groupError!.message).toContain('Customer price group MIXED has sales prices in several currencies ((local currency), EUR)');
    expect(groupError!.message).toContain('Split the group: create one customer price group per currency');
    expect(groupError!.message).toContain(PriceListErrorCodes.SEVERAL_CURRENCIES);
    expect(await crmRows(pair, 'pricelevel', { name: 'MIXED' })).toHaveLength(0);

    const [prices] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(prices).toMatchObject({ inserted: 1, failed: 2 });
    expect(await integrationIdOf(pair, SALESPRC_PRODPRICE, retail)).toBeDefined();
    const priceErrors = await pair.host.state.errors(SALESPRC_PRODPRICE);
    expect(priceErrors.every((e) => e.message.includes(PriceListErrorCodes.SEVERAL_CURRENCIES))).toBe(true);

    // a second currency added to a group that is already coupled: its new price fails the same way
    // (the MIXED prices failing again with the same message are parked: skipped)
    const euro = await addPrice(pair, { itemNo: 'I2', salesCode: 'RETAIL', unitPrice: '7', currencyCode: 'EUR' });
    const [later] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(later).toMatchObject({ inserted: 0, failed: 1, skipped: 2 });
    const euroError = (await pair.host.state.errors(SALESPRC_PRODPRICE, { jobId: later!.id })).find((e) => e.sourceId === euro);
    expect(euroError).toMatchObject({ code: PriceListErrorCodes.SEVERAL_CURRENCIES });
    expect(euroError!.message).toContain('Customer price group RETAIL has sales prices in several currencies');
  });

  it('fails prices and groups clearly when a unit or currency is not coupled, without stopping the others', async () => {
    pair = await startPricePair();
    const em = pair.erp();
    const { UnitOfMeasureSchema, CurrencySchema } = await import('@tandem/erp');
    await em.insert(UnitOfMeasureSchema, { code: 'BAG', description: 'Bag', systemId: crypto.randomUUID(), modifiedAt: new Date() } as never);
    await em.insert(CurrencySchema, { code: 'GBP', description: 'Pound', amountRoundingPrecision: '0.01', systemId: crypto.randomUUID(), modifiedAt: new Date() } as never);
    await addGroup(pair, 'RETAIL');
    await addGroup(pair, 'UK');
    await addPrice(pair, { itemNo: 'I1', salesCode: 'UK', unitPrice: '5', currencyCode: 'GBP' });
    const bag = await addPrice(pair, { itemNo: 'I1', salesCode: 'RETAIL', unitPrice: '5', unitOfMeasureCode: 'BAG' });
    await addPrice(pair, { itemNo: 'I2', salesCode: 'RETAIL', unitPrice: '6' });
    // I1's base unit is cleared after its product exists: a price without its own unit has no unit at all
    await em.nativeUpdate(ItemSchema, { no: 'I1' }, { baseUnitOfMeasure: null });
    const noUnit = await addPrice(pair, { itemNo: 'I1', salesCode: 'RETAIL', unitPrice: '4', minimumQuantity: '10' });

    const [groups] = await pair.host.engine.fullSync(CUSTPRCGRP_PRICE);
    expect(groups).toMatchObject({ inserted: 1, failed: 1 });
    expect((await pair.host.state.errors(CUSTPRCGRP_PRICE))[0]!.message).toContain(PriceListErrorCodes.CURRENCY_NOT_COUPLED);
    const [prices] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(prices).toMatchObject({ inserted: 1, failed: 3 });
    const noUnitError = (await pair.host.state.errors(SALESPRC_PRODPRICE)).find((e) => e.sourceId === noUnit);
    expect(noUnitError).toMatchObject({ code: PriceListErrorCodes.UNIT_MISSING });
    const bagError = (await pair.host.state.errors(SALESPRC_PRODPRICE)).find((e) => e.sourceId === bag);
    expect(bagError!.message).toContain('its unit of measure BAG is not coupled');
    expect(bagError!.message).toContain(PriceListErrorCodes.UNIT_NOT_COUPLED);
  });

  it('re-sends a group\'s prices after the group changes (a price list item edited in the CRM is set back)', async () => {
    pair = await startPricePair();
    await addGroup(pair, 'RETAIL');
    await addGroup(pair, 'OTHER');
    const retail = await addPrice(pair, { itemNo: 'I1', salesCode: 'RETAIL', unitPrice: '9' });
    const other = await addPrice(pair, { itemNo: 'I1', salesCode: 'OTHER', unitPrice: '7' });
    await pair.host.engine.fullSync(CUSTPRCGRP_PRICE);
    await pair.host.engine.run(SALESPRC_PRODPRICE);
    const retailItem = (await integrationIdOf(pair, SALESPRC_PRODPRICE, retail))!;
    const otherItem = (await integrationIdOf(pair, SALESPRC_PRODPRICE, other))!;
    for (const id of [retailItem, otherItem]) {
      const [edited] = await pair.crm.write('productpricelevel', [{ kind: 'update', ref: 'e', id, values: { amount: 99 } }]);
      expect(edited?.ok).toBe(true);
    }
    // the prices themselves did not change: a run leaves the CRM edit alone
    await nextSecond();
    const [quiet] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(quiet).toMatchObject({ modified: 0, failed: 0 });
    expect((await crmRow(pair, 'productpricelevel', retailItem)).values.amount).toBe(99);

    const em = pair.erp();
    const group = await em.findOneOrFail(CustomerPriceGroupSchema, { code: 'RETAIL' });
    group.description = 'Retail 2027';
    await em.flush();
    const [groups] = await pair.host.engine.run(CUSTPRCGRP_PRICE);
    expect(groups).toMatchObject({ failed: 0 });
    expect((await pair.host.state.findCoupling(SALESPRC_PRODPRICE, 'business', retail))!.lastResultToIntegration).toBe('pending');
    const [resent] = await pair.host.engine.run(SALESPRC_PRODPRICE);
    expect(resent).toMatchObject({ modified: 1, failed: 0 });
    expect((await crmRow(pair, 'productpricelevel', retailItem)).values.amount).toBe(9);
    expect((await crmRow(pair, 'productpricelevel', otherItem)).values.amount).toBe(99); // its group did not change
  });
});
