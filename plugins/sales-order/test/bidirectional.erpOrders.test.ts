import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerSchema, SALES_ORDER_SERVICE, type SalesOrderService } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER, SALES_ORDER_LINE, SalesOrderErrorCodes, dateOnly } from '../src/index';
import type { CrmWorld } from './fixtures';
import { crmLineOf, crmLines, erpLines, runOrders, startBidirectional, writes } from './bidirectionalFixtures';

let pair: TestPair;
let world: CrmWorld;
let sales: SalesOrderService;

beforeEach(async () => {
  ({ pair, world } = await startBidirectional());
  sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
});

afterEach(async () => {
  await pair.close();
});

async function crmOrderFor(erpOrderNo: string): Promise<{ id: string; values: Record<string, unknown> } | undefined> {
  const page = await pair.crm.readChanged('salesorder', { filter: { businesscentralordernumber: erpOrderNo }, limit: 5 });
  return page.rows[0] ? { id: page.rows[0].id, values: page.rows[0].values } : undefined;
}

describe('bidirectional mode: released ERP orders → CRM orders', () => {
  it('a released ERP order becomes a submitted CRM order with price list, name, owner and customer; its lines follow; open orders stay home', async () => {
    await sales.createSalesOrder({
      customerNo: 'C00001', salespersonCode: 'SP01', externalDocumentNo: 'Phone order', requestedDeliveryDate: '2026-12-20',
      lines: [{ itemNo: 'I00001', quantity: 3, unitPrice: 95, shipmentDate: '2026-12-18' }, { itemNo: 'WRITE-IN', quantity: 1, unitPrice: 12, description: 'Assembly' }],
    });
    await sales.releaseSalesOrder('SO00001');
    await sales.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00002', quantity: 1 }] }); // SO00002 stays Open

    await runOrders(pair);

    const order = await crmOrderFor('SO00001');
    expect(order?.values).toMatchObject({
      name: 'Phone order', statecode: 1, _pricelevelid_value: world.priceList, _ownerid_value: pair.crmUserId,
      _customerid_value: world.account, shipto_name: 'Adatum Corporation',
    });
    expect(dateOnly(order!.values['requestdeliveryby'])).toBe('2026-12-20');
    expect(dateOnly(order!.values['lastbackofficesubmit'])).not.toBeNull();
    expect((await pair.host.state.findCoupling(SALES_ORDER, 'business', 'SO00001'))?.integrationId).toBe(order!.id);
    expect(await crmOrderFor('SO00002')).toBeUndefined();

    const lines = await crmLines(pair, order!.id);
    expect(lines.map((l) => [l['businesscentrallinenumber'], l['_productid_value'] ?? null, l['isproductoverridden'], l['productdescription'] ?? null, l['quantity'], l['priceperunit'], l['extendedamount']])).toEqual([
      [10000, world.product, false, null, 3, 95, 285],
      [20000, null, true, 'Assembly', 1, 12, 12],
    ]);
    expect(dateOnly(lines[0]!['requestdeliveryby'])).toBe('2026-12-18');
    const erp = await erpLines(pair, 'SO00001');
    expect(await crmLineOf(pair, erp[0]!)).toBe(lines[0]!['id']);
    expect((await crmOrderFor('SO00001'))!.values['totalamount']).toBe(297);

    expect(writes(await runOrders(pair))).toBe(0);
  });

  it('an order whose customer is not coupled fails with its code; the other orders of the page go on', async () => {
    const em = pair.erp();
    em.create(CustomerSchema, { no: 'C00003', name: 'Uncoupled Ltd', blocked: '' } as never);
    await em.flush();
    await sales.createSalesOrder({ customerNo: 'C00003', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await sales.createSalesOrder({ customerNo: 'C00002', lines: [{ itemNo: 'I00002', quantity: 2 }] });
    await sales.releaseSalesOrder('SO00001');
    await sales.releaseSalesOrder('SO00002');

    const jobs = await runOrders(pair);

    const toCrm = jobs.find((j) => j.mapping === SALES_ORDER && j.direction === 'toIntegration')!;
    expect([toCrm.inserted, toCrm.failed]).toEqual([1, 1]);
    const [error] = await pair.host.state.errors(SALES_ORDER, { jobId: toCrm.id });
    expect([error?.sourceId, error?.code]).toEqual(['SO00001', SalesOrderErrorCodes.CUSTOMER_NOT_COUPLED]);
    expect(error?.message).toMatch(/customer C00003 is not coupled/);
    expect((await crmOrderFor('SO00002'))?.values['_customerid_value']).toBe(world.otherAccount);
    // The failed order's lines wait for their order: ignored, not failed.
    expect(jobs.find((j) => j.mapping === SALES_ORDER_LINE && j.direction === 'toIntegration')).toMatchObject({ inserted: 1, failed: 0 });
  });
});
