import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE, type SalesOrderService } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { ARCHIVED_SALES_ORDERS, SALES_ORDER, type ArchivedSalesOrders } from '../src/index';
import { crmRow } from './fixtures';
import { startWithTransferredOrder } from './bidirectionalFixtures';

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

describe('bidirectional mode: the archived sales orders job when the CRM fails', () => {
  it('a CRM that cannot be reached keeps the order pending with its error; the next run delivers it', async () => {
    await sales.postSalesOrder('SO00001', { postingDate: '2026-11-30' });

    pair.emulator.knobs.faultRate = 1;
    const failed = await archived.run();
    pair.emulator.knobs.faultRate = 0;

    expect(failed.updated).toEqual([]);
    expect(failed.failed).toEqual([expect.objectContaining({ crmOrderId: orderId, order: 'SO00001' })]);
    expect(failed.failed[0]!.code).toMatch(/^TANDEM_/);
    const [pending] = await archived.pending();
    expect(pending).toMatchObject({ erpOrderNo: 'SO00001', attempts: 1 });
    expect(pending!.lastError).toBeTruthy();

    await pair.host.engine.run(SALES_ORDER);
    expect((await crmRow(pair.crm, 'salesorder', orderId))['statecode']).toBe(4);
    expect(await archived.pending()).toEqual([]);
  });
});
