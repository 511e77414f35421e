import { afterEach, describe, expect, it } from 'vitest';
import { SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER, SALES_ORDER_TRANSFER, getSalesOrderTransferHooks, type SalesOrderPluginOptions } from '../src/index';
import { crmRow, seedCrm, seedErp, startPair, submittedOrder, type CrmWorld } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

async function setUp(options: SalesOrderPluginOptions = {}): Promise<CrmWorld> {
  pair = await startPair(options);
  await seedErp(pair.erp());
  return seedCrm(pair);
}

const names = async () => (await pair.erp().find(SalesHeaderSchema, {}, { orderBy: { externalDocumentNo: 'asc' } })).map((o) => o.externalDocumentNo);

describe('hooks and options a host overrides the transfer with', () => {
  it('beforeCreateErpOrder changes a value, or stops the order with nothing created; afterTransfer sees each transfer', async () => {
    const world = await setUp();
    const hooks = getSalesOrderTransferHooks(pair.host.hooks);
    const transferred: string[] = [];
    hooks.beforeCreateErpOrder.tap('host', ({ crmOrder, input }) => {
      if (crmOrder.values['name'] === 'Stop me') throw new Error('orders named "Stop me" are not taken over');
      input.externalDocumentNo = `WEB ${String(input.externalDocumentNo)}`;
    });
    hooks.afterTransfer.tap('host', ({ erpOrderNo }) => void transferred.push(erpOrderNo));
    const transfer = pair.host.container.resolve(SALES_ORDER_TRANSFER);
    const line = { product: world.product, quantity: 1, priceperunit: 100 };

    await transfer.createFromCrm(await submittedOrder(pair, world, { name: 'Shop order', lines: [line] }));
    const stopped = await submittedOrder(pair, world, { name: 'Stop me', lines: [line] });
    await expect(transfer.createFromCrm(stopped)).rejects.toMatchObject({ code: 'TANDEM_HOOK_FAILED', message: expect.stringContaining('not taken over') });

    expect(await names()).toEqual(['WEB Shop order']);
    expect(transferred).toEqual(['SO00001']);
    expect((await crmRow(pair.crm, 'salesorder', stopped))['lastbackofficesubmit']).toBeNull();
  });

  it('orderFilter narrows the orders the automatic job takes', async () => {
    const world = await setUp({ autoCreateSalesOrders: true, orderFilter: { name: { $like: 'Web%' } } });
    const line = { product: world.product, quantity: 1, priceperunit: 100 };
    await submittedOrder(pair, world, { name: 'Web order', lines: [line] });
    await submittedOrder(pair, world, { name: 'Phone order', lines: [line] });
    await pair.host.engine.run(SALES_ORDER);
    expect(await names()).toEqual(['Web order']);
  });
});
