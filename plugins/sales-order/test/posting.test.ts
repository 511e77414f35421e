import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { CRM_INVOICING, SALES_ORDER, SALES_ORDER_TRANSFER, type CrmInvoicing, type SalesOrderTransfer } from '../src/index';
import { crmRow, seedCrm, seedErp, startPair, submittedOrder, type CrmWorld } from './fixtures';

let pair: TestPair;
let world: CrmWorld;
let transfer: SalesOrderTransfer;
let invoicing: CrmInvoicing;

beforeEach(async () => {
  pair = await startPair({ erpName: 'Contoso ERP' });
  await seedErp(pair.erp());
  world = await seedCrm(pair);
  transfer = pair.host.container.resolve(SALES_ORDER_TRANSFER);
  invoicing = pair.host.container.resolve(CRM_INVOICING);
});

afterEach(async () => {
  pair.emulator.knobs.faultRate = 0;
  await pair.close();
});

async function postsOn(accountId: string): Promise<string[]> {
  const page = await pair.crm.readChanged('post', { filter: { _regardingobjectid_value: accountId }, limit: 50 });
  return page.rows.map((row) => String(row.values['text']));
}

async function transferredAndPosted(name: string): Promise<{ orderId: string; invoiceNo: string }> {
  const orderId = await submittedOrder(pair, world, { name, lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
  const { erpOrderNo } = await transfer.createFromCrm(orderId);
  const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
  await sales.releaseSalesOrder(erpOrderNo);
  const { invoice } = await sales.postSalesOrder(erpOrderNo);
  return { orderId, invoiceNo: invoice.no };
}

describe('posting a coupled order', () => {
  it('sets the CRM order Invoiced and writes a post on the account wall', async () => {
    const { orderId, invoiceNo } = await transferredAndPosted('Autumn bikes');

    const order = await crmRow(pair.crm, 'salesorder', orderId);
    expect([order['statecode'], order['statuscode']]).toEqual([4, 100003]);
    expect(await postsOn(world.account)).toEqual([`Invoice '${invoiceNo}' for order 'Autumn bikes' has been posted in Contoso ERP.`]);
    expect(await invoicing.pending()).toEqual([]);
  });

  it('keeps the CRM update when the CRM is unreachable and delivers it on the next run, once', async () => {
    pair.emulator.knobs.faultStatus = 500;
    const orderId = await submittedOrder(pair, world, { name: 'Offline', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    const { erpOrderNo } = await transfer.createFromCrm(orderId);
    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    await sales.releaseSalesOrder(erpOrderNo);

    pair.emulator.knobs.faultRate = 1;
    const { invoice } = await sales.postSalesOrder(erpOrderNo); // the ERP post itself succeeds
    pair.emulator.knobs.faultRate = 0;

    const [pending] = await invoicing.pending();
    expect(pending).toMatchObject({ erpOrderNo, invoiceNo: invoice.no, crmOrderId: orderId, attempts: 1 });
    expect(pending!.lastError).toBeTruthy();
    expect((await crmRow(pair.crm, 'salesorder', orderId))['statecode']).toBe(1);

    await pair.restart(); // durable: a new process still knows
    invoicing = pair.host.container.resolve(CRM_INVOICING);
    await pair.host.engine.run(SALES_ORDER);
    await pair.host.engine.run(SALES_ORDER);

    expect((await crmRow(pair.crm, 'salesorder', orderId))['statecode']).toBe(4);
    expect(await postsOn(world.account)).toEqual([`Invoice '${invoice.no}' for order 'Offline' has been posted in Contoso ERP.`]);
    expect(await invoicing.pending()).toEqual([]);
  });

  it('writes nothing to the CRM for an order that did not come from the CRM', async () => {
    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    const { order } = await sales.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await sales.releaseSalesOrder(order.no);
    await sales.postSalesOrder(order.no);
    expect(await invoicing.pending()).toEqual([]);
    expect(await postsOn(world.account)).toEqual([]);
  });
});
