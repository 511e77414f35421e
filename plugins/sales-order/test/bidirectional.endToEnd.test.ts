import { afterEach, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE, SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER } from '../src/index';
import { crmRow, seedErp, startPair, syncAllAndSubmitOrder } from './fixtures';
import { crmLines, writes } from './bidirectionalFixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

describe('bidirectional mode end to end with every plugin syncing', () => {
  it('runAll transfers a submitted CRM order as a released ERP order, sends an ERP price change back, and posting invoices it; repeated runs write nothing', async () => {
    pair = await startPair({ bidirectionalSalesOrders: true });
    await seedErp(pair.erp());
    const { engine, state } = pair.host;
    const orderId = await syncAllAndSubmitOrder(pair); // units, currencies, products, accounts; then the CRM order

    await engine.runAll();

    const [order] = await pair.erp().find(SalesHeaderSchema, {});
    expect(order).toMatchObject({ status: 'Released', sellToCustomerNo: 'C00001', amount: '380' });
    expect(writes(await engine.runAll())).toBe(0);

    // The ERP reprices the line: the CRM order follows.
    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    const em = pair.erp();
    const [line] = (await sales.getSalesOrder(order!.no, { em })).lines;
    Object.assign(line!, { unitPrice: '90', amount: '360', amountIncludingVat: '360', modifiedAt: new Date() });
    await em.flush();
    await engine.runAll();
    expect((await crmLines(pair, orderId)).map((l) => [l['priceperunit'], l['extendedamount']])).toEqual([[90, 360]]);

    await sales.postSalesOrder(order!.no);
    await engine.runAll();
    expect((await crmRow(pair.crm, 'salesorder', orderId))['statuscode']).toBe(100003);
    expect(writes(await engine.runAll())).toBe(0);
    expect((await state.errors(SALES_ORDER)).length).toBe(0);
  });
});
