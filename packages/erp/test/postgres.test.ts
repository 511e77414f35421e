import { MikroORM, type Options } from '@mikro-orm/core';
import { HookError, withSchemaLock } from '@tandem/core';
import { scratchDatabase } from '@tandem/core/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSchema, erpEntities, generateDemoData, ItemSchema, SalesHeaderSchema, SalesInvoiceHeaderSchema, SalesInvoiceLineSchema, SalesOrderService } from '../src/index';
import { allRows, erpDatabase } from './helpers/erpDatabase';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Builds the per-process SQLite template once, outside the tests' time budget.
beforeAll(async () => (await erpDatabase()).close(), 30_000);

/** The ERP tables in a PostgreSQL schema of this test's own, dropped afterwards. */
async function postgresErp(): Promise<MikroORM> {
  const scratch = await scratchDatabase('postgresql', { label: 'erp' });
  const orm = await MikroORM.init({ ...scratch.options, entities: [...erpEntities] } as Options);
  cleanups.push(async () => {
    await scratch.drop(orm);
    await orm.close();
  });
  await withSchemaLock(orm, () => orm.schema.updateSchema({ safe: true }));
  return orm;
}

const NOW = new Date('2025-06-01T12:00:00.000Z');

describe('the ERP on PostgreSQL', () => {
  it('generateDemoData writes the same rows on PostgreSQL as on SQLite: decimals, dates, booleans and keys alike', async () => {
    const sqlite = await erpDatabase();
    cleanups.push(() => sqlite.close());
    const pg = await postgresErp();
    const counts = { seed: 'pg', customers: 30, items: 10, salespeople: 3, salesOrders: 12, now: NOW };
    const summaries = [await generateDemoData(sqlite.orm.em.fork(), counts), await generateDemoData(pg.em.fork(), counts)];
    expect(summaries[1]).toEqual(summaries[0]);
    for (const entity of erpEntities) {
      const name = entity.meta.className;
      const rows = await allRows(pg as never, name);
      expect(rows, name).toEqual(await allRows(sqlite.orm, name));
    }
    expect((await allRows(pg as never, "Customer")).length).toBe(30);
  });

  it('SalesOrderService numbers, prices exactly, releases and posts; a throwing tap rolls the post back', async () => {
    const orm = await postgresErp();
    await generateDemoData(orm.em.fork(), { seed: 42, customers: 3, items: 3, salespeople: 2, salesOrders: 0, now: NOW });
    const em = orm.em.fork();
    await em.nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: '', currencyCode: null, paymentTermsCode: '30 DAYS', modifiedAt: new Date() });
    await em.nativeUpdate(ItemSchema, { no: 'I00001' }, { blocked: false, unitPrice: '10.5', modifiedAt: new Date() });
    await em.nativeUpdate(ItemSchema, { no: 'I00002' }, { blocked: false, unitPrice: '99.99', modifiedAt: new Date() });
    const service = new SalesOrderService(orm as never);

    const { order, lines } = await service.createSalesOrder({
      customerNo: 'C00001', orderDate: '2025-03-10', yourReference: 'ORD-PG',
      lines: [{ itemNo: 'I00001', quantity: 3 }, { itemNo: 'I00002', quantity: '0.3', unitPrice: '0.1' }, { itemNo: 'I00002', quantity: 7, lineDiscountPercent: '12.5' }],
    });
    expect(order).toMatchObject({ no: 'SO00001', status: 'Open', currencyCode: null, currencyFactor: '1', orderDate: '2025-03-10' });
    expect(lines.map((l) => [l.lineNo, l.amount, l.lineDiscountAmount])).toEqual([[10000, '31.5', '0'], [20000, '0.03', '0'], [30000, '612.44', '87.49']]);
    expect((await orm.em.fork().findOneOrFail(SalesHeaderSchema, { no: 'SO00001' })).amount).toBe('643.97');

    let crmDown = true;
    service.hooks.afterPostSalesOrder.tap('CrmNotifier', () => {
      if (crmDown) throw new Error('CRM is down');
    });
    await service.releaseSalesOrder(order.no);
    const error = await service.postSalesOrder(order.no).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect(await orm.em.fork().count(SalesInvoiceHeaderSchema, {})).toBe(0);
    expect((await orm.em.fork().findOneOrFail(SalesHeaderSchema, { no: order.no })).status).toBe('Released');

    crmDown = false;
    const posted = await service.postSalesOrder(order.no, { postingDate: '2025-03-15' });
    expect(posted.invoice).toMatchObject({ no: 'SI00001', orderNo: 'SO00001', postingDate: '2025-03-15', dueDate: '2025-04-14', amount: '643.97' });
    expect((await orm.em.fork().find(SalesInvoiceLineSchema, { documentNo: 'SI00001' }, { orderBy: { lineNo: 'asc' } })).map((l) => l.amount)).toEqual(['31.5', '0.03', '612.44']);
    expect(await orm.em.fork().count(SalesHeaderSchema, {})).toBe(0);
  });
});
