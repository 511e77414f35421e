import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER_LINE, SalesOrderErrorCodes } from '../src/index';
import { crmInsert, crmUpdate, type CrmWorld } from './fixtures';
import { crmLineOf, crmLines, erpLines, runOrders, startWithTransferredOrder, writes } from './bidirectionalFixtures';

let pair: TestPair;
let world: CrmWorld;
let orderId: string;

beforeEach(async () => {
  ({ pair, world, orderId } = await startWithTransferredOrder('Team bikes')); // SO00001, released and coupled with its lines
});

afterEach(async () => {
  await pair.close();
});

describe('bidirectional mode: CRM → ERP line changes', () => {
  it('a changed CRM line updates the ERP line and the order total; a new CRM line becomes a coupled ERP line', async () => {
    const [crmFirst] = await crmLines(pair, orderId);
    await crmUpdate(pair.crm, 'salesorderdetail', String(crmFirst!['id']), { quantity: 3, manualdiscountamount: 30 });
    const added = await crmInsert(pair.crm, 'salesorderdetail', { salesorderid: orderId, productid: world.product, quantity: 1, priceperunit: 99, ispriceoverridden: true, sequencenumber: 3 });

    await runOrders(pair);

    const lines = await erpLines(pair, 'SO00001');
    expect(lines.map((l) => [l.lineNo, l.no, l.quantity, l.unitPrice, l.lineDiscountAmount, l.lineDiscountPercent, l.amount])).toEqual([
      [10000, 'I00001', '3', '100', '30', '10', '270'],
      [20000, 'I00002', '4', '20', '0', '0', '80'],
      [30000, 'I00001', '1', '99', '0', '0', '99'],
    ]);
    expect(await crmLineOf(pair, lines[2]!)).toBe(added);
    expect((await pair.erp().findOneOrFail(SalesHeaderSchema, { no: 'SO00001' })).amount).toBe('449');
    // The new line got its ERP line no. on the CRM side; after that, nothing more to write.
    await runOrders(pair);
    expect((await crmLines(pair, orderId)).map((l) => l['businesscentrallinenumber'])).toEqual([10000, 20000, 30000]);
    expect(writes(await runOrders(pair))).toBe(0);
  });

  it('a malformed CRM line fails with TANDEM_SALES_ORDER_LINE_INVALID and does not stop the other lines', async () => {
    const [crmFirst, crmSecond] = await crmLines(pair, orderId);
    await crmUpdate(pair.crm, 'salesorderdetail', String(crmFirst!['id']), { quantity: -2 });
    await crmUpdate(pair.crm, 'salesorderdetail', String(crmSecond!['id']), { priceperunit: 25 });

    const jobs = await runOrders(pair);

    const fromCrm = jobs.find((j) => j.mapping === SALES_ORDER_LINE && j.direction === 'fromIntegration')!;
    expect([fromCrm.modified, fromCrm.failed]).toEqual([1, 1]);
    const errors = await pair.host.state.errors(SALES_ORDER_LINE, { jobId: fromCrm.id });
    expect(errors.map((e) => [e.sourceId, e.code])).toEqual([[crmFirst!['id'], SalesOrderErrorCodes.LINE_INVALID]]);
    expect(errors[0]!.message).toMatch(/quantity -2.*greater than 0/);
    const lines = await erpLines(pair, 'SO00001');
    expect(lines.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual([['2', '100', '200'], ['4', '25', '100']]);
    expect((await pair.erp().findOneOrFail(SalesHeaderSchema, { no: 'SO00001' })).amount).toBe('300');
  });
});
