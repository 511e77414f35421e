import { afterEach, describe, expect, it } from 'vitest';
import { SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import {
  SALES_ORDER,
  SALES_ORDER_LINE,
  SalesOrderError,
  SalesOrderErrorCodes,
  SalesOrderPlugin,
  bidirectionalOrderMapping,
  dateOnly,
} from '../src/index';
import { crmRow, submittedOrder, type CrmWorld } from './fixtures';
import { crmLineOf, crmLines, erpLines, runOrders, startBidirectional, writes } from './bidirectionalFixtures';

let pair: TestPair;
let world: CrmWorld;
afterEach(async () => {
  await pair?.close();
});

describe('bidirectional mode: the option', () => {
  it('refuses autoCreateSalesOrders together with bidirectionalSalesOrders, telling which to turn off', () => {
    let error: unknown;
    try {
      SalesOrderPlugin.withOptions({ autoCreateSalesOrders: true, bidirectionalSalesOrders: true });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SalesOrderError);
    expect((error as SalesOrderError).code).toBe(SalesOrderErrorCodes.MODES_EXCLUSIVE);
    expect((error as Error).message).toMatch(/Turn autoCreateSalesOrders off .* or turn bidirectionalSalesOrders off/);
    expect(SalesOrderPlugin.withOptions({ bidirectionalSalesOrders: true }).bidirectional).toBe(true);
  });
});

describe('bidirectional mode: a submitted CRM order becomes a released ERP order', () => {
  it('the normal SALESORDER-ORDER run transfers it as a Released order, its lines through SOLINE-ORDERDETAIL with couplings; a second run writes nothing', async () => {
    ({ pair, world } = await startBidirectional());
    const orderId = await submittedOrder(pair, world, {
      name: 'Spring bikes',
      lines: [
        { product: world.product, quantity: 2, priceperunit: 100, manualdiscountamount: 20 },
        { productdescription: 'Gift wrapping', quantity: 1, priceperunit: 5 },
      ],
    });
    const crmOrder = await crmRow(pair.crm, 'salesorder', orderId);

    const first = await runOrders(pair);

    const [order] = await pair.erp().find(SalesHeaderSchema, {});
    expect(order).toMatchObject({ no: 'SO00001', status: 'Released', documentType: 'Order', sellToCustomerNo: 'C00001', yourReference: crmOrder['ordernumber'], amount: '185' });
    expect((await pair.host.state.findCoupling(SALES_ORDER, 'business', 'SO00001'))?.integrationId).toBe(orderId);
    const after = await crmRow(pair.crm, 'salesorder', orderId);
    expect(after['businesscentralordernumber']).toBe('SO00001');
    expect(dateOnly(after['lastbackofficesubmit'])).not.toBeNull();
    expect(after['statecode']).toBe(1);

    const lines = await erpLines(pair, 'SO00001');
    expect(lines.map((l) => [l.lineNo, l.no, l.quantity, l.unitPrice, l.lineDiscountAmount, l.amount])).toEqual([
      [10000, 'I00001', '2', '100', '20', '180'],
      [20000, 'WRITE-IN', '1', '5', '0', '5'],
    ]);
    const crm = await crmLines(pair, orderId);
    expect(crm.map((l) => [l['businesscentrallinenumber'], l['quantity'], l['priceperunit'], l['tax'], l['extendedamount']])).toEqual([
      [10000, 2, 100, 0, 180],
      [20000, 1, 5, 0, 5],
    ]);
    expect(await crmLineOf(pair, lines[0]!)).toBe(crm[0]!['id']);
    expect(await crmLineOf(pair, lines[1]!)).toBe(crm[1]!['id']);
    expect(first.filter((j) => j.mapping === SALES_ORDER_LINE).every((j) => j.failed === 0)).toBe(true);

    const second = await runOrders(pair);
    expect(writes(second)).toBe(0);
    expect(second.reduce((n, j) => n + j.failed, 0)).toBe(0);
    expect(await pair.erp().count(SalesHeaderSchema, {})).toBe(1);
  });

  it('has no match fields: match-based coupling of SALESORDER-ORDER is refused', async () => {
    ({ pair, world } = await startBidirectional());
    expect(bidirectionalOrderMapping.fields.some((f) => f.match)).toBe(false);
    await expect(pair.host.engine.match(SALES_ORDER)).rejects.toMatchObject({ code: 'TANDEM_CONFIG_INVALID', message: expect.stringMatching(/no match fields/) });
  });

  it('a malformed order fails with its code and the other orders of the run go on', async () => {
    ({ pair, world } = await startBidirectional());
    const good = await submittedOrder(pair, world, { name: 'Good', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    const bad = await submittedOrder(pair, world, { name: 'No customer', customer: { table: 'account', id: world.uncoupledAccount }, lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    const badLine = await submittedOrder(pair, world, { name: 'Bad product', lines: [{ product: world.uncoupledProduct, quantity: 1, priceperunit: 3 }] });

    const jobs = await pair.host.engine.run(SALES_ORDER);

    expect((await pair.erp().find(SalesHeaderSchema, {})).map((o) => o.externalDocumentNo)).toEqual(['Good']);
    expect((await pair.host.state.findCoupling(SALES_ORDER, 'integration', good))?.businessId).toBe('SO00001');
    const errors = await pair.host.state.errors(SALES_ORDER, { jobId: jobs.find((j) => j.direction === 'fromIntegration')!.id });
    expect(errors.map((e) => [e.sourceId, e.code]).sort()).toEqual([
      [bad, SalesOrderErrorCodes.CUSTOMER_NOT_COUPLED],
      [badLine, SalesOrderErrorCodes.PRODUCT_NOT_COUPLED],
    ].sort());
  });
});
