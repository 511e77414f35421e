import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SalesLineSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER_LINE, dateOnly } from '../src/index';
import { crmLineOf, crmLines, erpLines, runOrders, startWithTransferredOrder, writes } from './bidirectionalFixtures';

let pair: TestPair;
let orderId: string;

beforeEach(async () => {
  ({ pair, orderId } = await startWithTransferredOrder('Team bikes')); // SO00001, released and coupled with its lines
});

afterEach(async () => {
  await pair.close();
});

describe('bidirectional mode: ERP → CRM line changes', () => {
  it('price, tax and shipment-date changes of an ERP line flow to the CRM line; the next run writes nothing', async () => {
    const em = pair.erp();
    const line = (await em.find(SalesLineSchema, { documentNo: 'SO00001', lineNo: 10000 }))[0]!;
    // The ERP reprices the line, adds 25 % tax and plans the shipment.
    Object.assign(line, { unitPrice: '90', amount: '180', amountIncludingVat: '225', shipmentDate: '2026-12-24', modifiedAt: new Date() });
    await em.flush();

    const jobs = await runOrders(pair);

    const crm = await crmLines(pair, orderId);
    expect(crm[0]).toMatchObject({ businesscentrallinenumber: 10000, priceperunit: 90, tax: 45, baseamount: 180, extendedamount: 225 });
    expect(dateOnly(crm[0]!['requestdeliveryby'])).toBe('2026-12-24');
    expect(crm[1]).toMatchObject({ priceperunit: 20, tax: 0 });
    expect(jobs.find((j) => j.mapping === SALES_ORDER_LINE && j.direction === 'toIntegration')!.modified).toBe(1);
    expect(writes(await runOrders(pair))).toBe(0);
  });

  it('a deleted ERP line removes its CRM line and its line coupling', async () => {
    const em = pair.erp();
    const [first, second] = await erpLines(pair, 'SO00001');
    const crmLineId = await crmLineOf(pair, second!);
    em.remove(await em.findOneOrFail(SalesLineSchema, { systemId: second!.systemId }));
    await em.flush();

    const jobs = await runOrders(pair);

    expect((await crmLines(pair, orderId)).map((l) => l['id'])).toEqual([await crmLineOf(pair, first!)]);
    expect(await pair.crm.getByIds('salesorderdetail', [crmLineId!])).toEqual([]);
    expect(await pair.host.state.findCoupling(SALES_ORDER_LINE, 'integration', crmLineId!)).toBeNull();
    const toCrm = jobs.find((j) => j.mapping === SALES_ORDER_LINE && j.direction === 'toIntegration')!;
    expect([toCrm.deleted, toCrm.uncoupled]).toEqual([1, 1]);
    expect(writes(await runOrders(pair))).toBe(0);
  });
});
