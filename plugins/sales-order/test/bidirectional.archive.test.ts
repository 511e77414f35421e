import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE, SalesDocumentArchiveService, SalesLineSchema, type SalesOrderService } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { ARCHIVED_SALES_ORDERS, SALES_ORDER, SALES_ORDER_LINE, dateOnly, type ArchivedSalesOrders } from '../src/index';
import { crmRow } from './fixtures';
import { crmLines, erpLines, runOrders, startWithTransferredOrder, writes } from './bidirectionalFixtures';

let pair: TestPair;
let orderId: string;
let sales: SalesOrderService;
let archived: ArchivedSalesOrders;

beforeEach(async () => {
  ({ pair, orderId } = await startWithTransferredOrder('Fleet')); // SO00001, released and coupled with its lines
  sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
  archived = pair.host.container.resolve(ARCHIVED_SALES_ORDERS);
});

afterEach(async () => {
  pair.emulator.knobs.faultRate = 0;
  await pair.close();
});

/** Changes the ERP order behind the CRM's back (no sync in between): line 10000 to 3 pieces, line 20000 deleted. */
async function changeErpOrder(): Promise<void> {
  const em = pair.erp();
  const [first, second] = await em.find(SalesLineSchema, { documentNo: 'SO00001' }, { orderBy: { lineNo: 'asc' } });
  Object.assign(first!, { quantity: '3', amount: '300', amountIncludingVat: '300', modifiedAt: new Date() });
  em.remove(second!);
  await em.flush();
}

describe('bidirectional mode: the archived sales orders job', () => {
  it('posting an order updates the CRM order from its archived version: lines, date fulfilled, Invoiced; the next run writes nothing', async () => {
    await changeErpOrder();
    const [crmFirst, crmSecond] = await crmLines(pair, orderId);
    await sales.postSalesOrder('SO00001', { postingDate: '2026-11-30' }); // Archive Orders is off: the plugin archives

    expect(await archived.pending()).toEqual([expect.objectContaining({ erpOrderNo: 'SO00001', crmOrderId: orderId, versionNo: 1, sentVersionNo: null })]);
    const jobs = await pair.host.engine.run(SALES_ORDER);

    const order = await crmRow(pair.crm, 'salesorder', orderId);
    expect([order['statecode'], order['statuscode'], dateOnly(order['datefulfilled'])]).toEqual([4, 100003, '2026-11-30']);
    const lines = await crmLines(pair, orderId);
    expect(lines.map((l) => [l['id'], l['businesscentrallinenumber'], l['quantity'], l['quantityshipped'], l['extendedamount']])).toEqual([
      [crmFirst!['id'], 10000, 3, 3, 300],
    ]);
    expect(await pair.host.state.findCoupling(SALES_ORDER_LINE, 'integration', String(crmSecond!['id']))).toBeNull();
    expect(jobs.find((j) => j.direction === 'fromIntegration')!.modified).toBe(1);
    expect(await archived.pending()).toEqual([]);

    expect(writes(await runOrders(pair))).toBe(0);
  });

  it('archiving an order that stays open updates the CRM lines from that version, without Invoiced', async () => {
    await changeErpOrder();
    await new SalesDocumentArchiveService(pair.host.orm, { hooks: SalesDocumentArchiveService.getHooks(pair.host.hooks) }).archiveSalesDocument('Order', 'SO00001');

    const report = await archived.run();

    expect(report).toEqual({ updated: [{ erpOrderNo: 'SO00001', crmOrderId: orderId, versionNo: 1, invoiced: false }], failed: [] });
    const order = await crmRow(pair.crm, 'salesorder', orderId);
    expect([order['statecode'], order['datefulfilled']]).toEqual([1, null]);
    expect((await crmLines(pair, orderId)).map((l) => [l['businesscentrallinenumber'], l['quantity'], l['quantityshipped']])).toEqual([[10000, 3, 0]]);
    expect((await erpLines(pair, 'SO00001')).length).toBe(1);
    expect((await archived.run()).updated).toEqual([]); // nothing pending any more
  });
});
