import { afterEach, describe, expect, it } from 'vitest';
import { SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER, SALES_ORDER_TRANSFER, SalesOrderErrorCodes, type SalesOrderTransfer } from '../src/index';
import { crmRow, seedCrm, seedErp, startPair, submittedOrder, type CrmWorld } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

async function setUp(autoCreateSalesOrders: boolean): Promise<{ world: CrmWorld; transfer: SalesOrderTransfer }> {
  pair = await startPair({ autoCreateSalesOrders });
  await seedErp(pair.erp());
  return { world: await seedCrm(pair), transfer: pair.host.container.resolve(SALES_ORDER_TRANSFER) };
}

async function threeOrdersMiddleBad(world: CrmWorld): Promise<string[]> {
  return [
    await submittedOrder(pair, world, { name: 'First', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] }),
    await submittedOrder(pair, world, { name: 'Second', customer: { table: 'account', id: world.uncoupledAccount }, lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] }),
    await submittedOrder(pair, world, { name: 'Third', customer: { table: 'account', id: world.otherAccount }, lines: [{ product: world.otherProduct, quantity: 2, priceperunit: 20 }] }),
  ];
}

const erpOrders = async () => (await pair.erp().find(SalesHeaderSchema, {}, { orderBy: { externalDocumentNo: 'asc' } })).map((o) => [o.externalDocumentNo, o.sellToCustomerNo]);

describe('automatic creation (autoCreateSalesOrders)', () => {
  it('each run of SALESORDER-ORDER transfers every submitted order; a bad order stops none of the others', async () => {
    const { world } = await setUp(true);
    const [first, second, third] = await threeOrdersMiddleBad(world);

    const [job] = await pair.host.engine.run(SALES_ORDER);

    expect(await erpOrders()).toEqual([['First', 'C00001'], ['Third', 'C00002']]);
    // The run's job tells what the transfer did; the bad order is a job error with its code.
    const [stored] = (await pair.host.state.jobs(SALES_ORDER)).filter((j) => j.id === job!.id);
    expect([stored!.inserted, stored!.failed]).toEqual([2, 1]);
    expect((await pair.host.state.errors(SALES_ORDER, { jobId: job!.id })).map((e) => [e.sourceId, e.code])).toEqual([
      [second, SalesOrderErrorCodes.CUSTOMER_NOT_COUPLED],
    ]);
    for (const id of [first!, third!]) expect((await crmRow(pair.crm, 'salesorder', id))['lastbackofficesubmit']).not.toBeNull();
    expect((await crmRow(pair.crm, 'salesorder', second!))['lastbackofficesubmit']).toBeNull();
    expect(await pair.host.state.findCoupling(SALES_ORDER, 'integration', second!)).toBeNull();
  });

  it('reports each failure with its code, and a second pass creates nothing again', async () => {
    const { world, transfer } = await setUp(true);
    const [, second] = await threeOrdersMiddleBad(world);

    const report = await transfer.createSubmittedOrders();
    expect(report.transferred.map((t) => t.erpOrderNo)).toEqual(['SO00001', 'SO00002']);
    expect(report.failed).toEqual([expect.objectContaining({ crmOrderId: second, code: SalesOrderErrorCodes.CUSTOMER_NOT_COUPLED })]);

    const again = await transfer.createSubmittedOrders();
    expect(again.transferred).toEqual([]);
    expect(again.failed.map((f) => f.crmOrderId)).toEqual([second]);
    await pair.host.engine.runAll();
    expect(await erpOrders()).toHaveLength(2);
  });

  it('creates nothing on a run when the option is off', async () => {
    const { world, transfer } = await setUp(false);
    await threeOrdersMiddleBad(world);
    await pair.host.engine.run(SALES_ORDER);
    expect(transfer.autoCreate).toBe(false);
    expect(await erpOrders()).toEqual([]);
  });
});
