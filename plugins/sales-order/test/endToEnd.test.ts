import { afterEach, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE, SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER, dateOnly } from '../src/index';
import { crmRow, seedErp, startPair, syncAllAndSubmitOrder } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

describe('end to end with every plugin syncing', () => {
  it('customers and items reach the CRM, a CRM order comes back as an ERP order, posting invoices it', async () => {
    pair = await startPair({ autoCreateSalesOrders: true });
    await seedErp(pair.erp());
    const { engine, state } = pair.host;
    // The other plugins create the CRM side; a salesperson takes an order in the CRM and submits it.
    const orderId = await syncAllAndSubmitOrder(pair);

    await engine.runAll();

    const [order] = await pair.erp().find(SalesHeaderSchema, {});
    expect(order).toMatchObject({ sellToCustomerNo: 'C00001', currencyCode: null, externalDocumentNo: 'Bikes for the team', amount: '380' });
    expect(dateOnly((await crmRow(pair.crm, 'salesorder', orderId))['lastbackofficesubmit'])).not.toBeNull();

    await engine.runAll(); // nothing new
    expect(await pair.erp().count(SalesHeaderSchema, {})).toBe(1);

    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    await sales.releaseSalesOrder(order!.no);
    await sales.postSalesOrder(order!.no);
    expect((await crmRow(pair.crm, 'salesorder', orderId))['statuscode']).toBe(100003);
    expect((await state.errors(SALES_ORDER)).length).toBe(0);
  });
});
