import { expect } from 'vitest';
import { CustomerPriceGroupSchema, ItemSchema, SalesPriceSchema, type SalesType } from '@tandem/erp';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { CUSTOMER_PRICE_GROUP, CUSTPRCGRP_PRICE, PriceListPlugin, SALESPRC_PRODPRICE } from '@tandem/plugin-price-list';
import type { ScenarioEntry } from '../ScenarioEntry';

/** Prices that travel (seed filter): sales type Customer Price Group, with a sales code. */
const GROUP_PRICE = CUSTOMER_PRICE_GROUP as SalesType;
const TRAVELLING = { salesType: GROUP_PRICE, salesCode: { $ne: '' } };

/**
 * CUSTPRCGRP-PRICE → pricelevel and SALESPRC-PRODPRICE → productpricelevel: a price list per customer price group,
 * a price list item per group price; the demo's price for all customers stays in the ERP. A price change follows.
 */
export const priceList: ScenarioEntry = {
  plugin: PriceListPlugin,
  mappings: {
    [CUSTPRCGRP_PRICE]: { toIntegration: { inserted: (s) => s.erp().count(CustomerPriceGroupSchema, {}) } },
    [SALESPRC_PRODPRICE]: { toIntegration: { inserted: (s) => s.erp().count(SalesPriceSchema, TRAVELLING) } },
  },
  async checkFirstRun(s) {
    const listId = await s.crmIdOf(CUSTPRCGRP_PRICE, 'WHOLESALE');
    expect((await s.crmRow('pricelevel', listId)).values).toMatchObject({ name: 'WHOLESALE', _transactioncurrencyid_value: s.pair.emulator.baseCurrencyId });
    const prices = await s.erp().find(SalesPriceSchema, { salesType: GROUP_PRICE, salesCode: 'WHOLESALE' }, { orderBy: { itemNo: 'asc' } });
    const listItems = await s.crmRows('productpricelevel', { _pricelevelid_value: listId });
    expect(listItems).toHaveLength(prices.length);
    const price = prices[0]!;
    const listItem = await s.crmRow('productpricelevel', await s.crmIdOf(SALESPRC_PRODPRICE, price.systemId));
    const item = await s.erp().findOneOrFail(ItemSchema, { no: price.itemNo });
    const product = await s.crmRow('product', await s.crmIdOf(ITEM_PRODUCT, item.no));
    expect(listItem.values).toMatchObject({ _pricelevelid_value: listId, _productid_value: product.id, _uomid_value: product.values._defaultuomid_value });
    expect(Number(listItem.values.amount)).toBe(Number(price.unitPrice));
    // The price for all customers has no coupling and no list item.
    const forAll = await s.erp().findOneOrFail(SalesPriceSchema, { salesType: 'All Customers' });
    expect(await s.host.state.findCoupling(SALESPRC_PRODPRICE, 'business', forAll.systemId)).toBeNull();
  },
  change: {
    async make(s) {
      const [price] = await s.erp().find(SalesPriceSchema, { salesType: GROUP_PRICE, salesCode: 'RETAIL' }, { orderBy: { itemNo: 'asc' }, limit: 1 });
      s.ids.changedPrice = price!.systemId;
      await s.erp().nativeUpdate(SalesPriceSchema, { systemId: price!.systemId }, { unitPrice: '77.7', modifiedAt: new Date() });
    },
    expected: { [SALESPRC_PRODPRICE]: { toIntegration: { modified: 1 } } },
    async verify(s) {
      expect(Number((await s.crmRow('productpricelevel', await s.crmIdOf(SALESPRC_PRODPRICE, s.id('changedPrice')))).values.amount)).toBe(77.7);
    },
  },
};
