import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dec, erpEntities, generateDemoData, SalesOrderService } from '../src/index';
import { allRows, erpDatabase, type ErpDatabase } from './helpers/erpDatabase';

const open: ErpDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await erpDatabase()).close(), 30_000);

async function database(): Promise<ErpDatabase> {
  const db = await erpDatabase();
  open.push(db);
  return db;
}

const NOW = new Date('2025-06-01T12:00:00.000Z');
const SMALL = { customers: 40, items: 15, salespeople: 4, salesOrders: 25, now: NOW };

describe('generateDemoData', () => {
  it('gives identical rows in every table for the same seed, and different ones for another seed', async () => {
    const [a, b, c] = [await database(), await database(), await database()];
    await generateDemoData(a.orm.em.fork(), { seed: 'demo', ...SMALL });
    await generateDemoData(b.orm.em.fork(), { seed: 'demo', ...SMALL });
    await generateDemoData(c.orm.em.fork(), { seed: 'other', ...SMALL });
    for (const entity of erpEntities) {
      const name = entity.meta.className;
      expect(await allRows(b.orm, name), name).toEqual(await allRows(a.orm, name));
    }
    const customers = await allRows(a.orm, 'Customer');
    const others = await allRows(c.orm, 'Customer');
    expect(others.map((r) => r.no)).toEqual(customers.map((r) => r.no));
    expect(others.map((r) => [r.name, r.systemId])).not.toEqual(customers.map((r) => [r.name, r.systemId]));
    expect(await allRows(c.orm, 'SalesLine')).not.toEqual(await allRows(a.orm, 'SalesLine'));
  });

  it('names customers as a real list does: mostly distinct, so a full sync\'s name matching finds few namesakes', async () => {
    const db = await database();
    await generateDemoData(db.orm.em.fork(), { seed: 'names', customers: 5_000, items: 1, salespeople: 1, salesOrders: 0, opportunities: 0, now: NOW });
    const names = (await allRows(db.orm, 'Customer')).map((r) => String(r.name).toLowerCase());
    expect(names).toHaveLength(5_000);
    // The old generator had 1 472 names in all: 5 000 customers repeated each one three times and more.
    expect(new Set(names).size).toBeGreaterThan(4_980);
    for (const name of names.slice(0, 50)) expect(name).toMatch(/^[a-z][a-z]+( & [a-z]+)?( [a-z]+)+ [a-z/]+$/);
  });

  it('keeps one table as it was when another table\'s count changes', async () => {
    const [a, b] = [await database(), await database()];
    await generateDemoData(a.orm.em.fork(), { seed: 5, ...SMALL });
    await generateDemoData(b.orm.em.fork(), { seed: 5, ...SMALL, customers: 60, salesOrders: 0 });
    expect(await allRows(b.orm, 'Item')).toEqual(await allRows(a.orm, 'Item'));
    expect((await allRows(b.orm, 'Customer')).slice(0, 40)).toEqual(await allRows(a.orm, 'Customer'));
  });

  it('writes consistent data: references exist, orders avoid blocked rows, totals add up, the local currency is blank', async () => {
    const db = await database();
    const summary = await generateDemoData(db.orm.em.fork(), { seed: 3, ...SMALL, localCurrencyCode: 'GBP' });
    const rows = async (name: string) => allRows(db.orm, name);
    const [customers, items, currencies, rates, orders, lines, setup] = await Promise.all(
      ['Customer', 'Item', 'Currency', 'CurrencyExchangeRate', 'SalesHeader', 'SalesLine', 'ErpSetup'].map(rows),
    );
    expect(summary).toMatchObject({ Customer: 40, Item: 16, Resource: 5, Salesperson: 4, SalesHeader: 25, SalesLine: lines!.length });
    expect(setup![0]).toMatchObject({ localCurrencyCode: 'GBP', writeInItemNo: 'WRITE-IN', orderNos: 'S-ORD', postedInvoiceNos: 'S-INV' });
    const currencyCodes = new Set(currencies!.map((c) => c.code));
    expect(currencyCodes.has('GBP')).toBe(false);
    expect(currencyCodes.has('EUR')).toBe(true);
    expect(rates).toHaveLength(currencies!.length * 2);
    for (const table of [customers!, orders!]) {
      for (const row of table) if (row.currencyCode !== null) expect(currencyCodes.has(String(row.currencyCode))).toBe(true);
    }
    expect(customers!.some((c) => c.currencyCode === null) && customers!.some((c) => c.currencyCode !== null)).toBe(true);
    const byNo = new Map(customers!.map((c) => [c.no, c]));
    const itemByNo = new Map(items!.map((i) => [i.no, i]));
    for (const order of orders!) {
      const customer = byNo.get(order.sellToCustomerNo)!;
      expect(customer.blocked).not.toBe('All');
      expect(order.currencyCode).toBe(customer.currencyCode);
      const own = lines!.filter((l) => l.documentNo === order.no);
      expect(own.length).toBeGreaterThan(0);
      for (const line of own) expect(itemByNo.get(line.no)!.blocked).toBe(false);
      const total = own.reduce((sum, line) => sum.plus(Dec.of(String(line.amount))), Dec.ZERO);
      expect(String(order.amount)).toBe(total.toString());
    }
    expect(new Set(orders!.map((o) => o.status))).toEqual(new Set(['Open', 'Released']));
    for (const row of [...customers!, ...items!, ...orders!, ...lines!]) {
      expect(row.systemId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.modifiedAt).toEqual(NOW);
    }
  });

  it('leaves the number series after the generated numbers, so the service goes on from there', async () => {
    const db = await database();
    await generateDemoData(db.orm.em.fork(), { seed: 9, ...SMALL });
    const service = new SalesOrderService(db.orm);
    const released = (await allRows(db.orm, 'SalesHeader')).find((o) => o.status === 'Released')!;
    const customer = (await allRows(db.orm, 'Customer')).find((c) => c.blocked === '' && c.currencyCode === null)!;
    const created = await service.createSalesOrder({ customerNo: String(customer.no) });
    expect(created.order.no).toBe('SO00026');
    expect((await service.postSalesOrder(String(released.no))).invoice.no).toBe('SI00001');
  });

  // How fast it writes is the benchmark's business (`pnpm bench` generates N customers), not a timed unit test's.
  it('writes 5 000 customers with items and orders', { timeout: 60_000 }, async () => {
    const db = await database();
    const summary = await generateDemoData(db.orm.em.fork(), { seed: 1, customers: 5000, items: 500, salesOrders: 500 });
    expect(summary.Customer).toBe(5000);
    expect(await db.orm.em.fork().count('Customer')).toBe(5000);
  });

  it('refuses counts that are not whole numbers and an unknown local currency', async () => {
    const db = await database();
    await expect(generateDemoData(db.orm.em.fork(), { customers: -1 })).rejects.toMatchObject({ code: 'TANDEM_ERP_VALUE_INVALID' });
    await expect(generateDemoData(db.orm.em.fork(), { items: 1.5 })).rejects.toThrow('items 1.5 is not valid: expected a whole number of 0 or more.');
    await expect(generateDemoData(db.orm.em.fork(), { localCurrencyCode: 'XYZ' })).rejects.toThrow(
      'localCurrencyCode "XYZ" is not valid: expected one of EUR, USD, GBP, CHF, SEK, DKK, NOK, JPY.',
    );
    expect(await db.orm.em.fork().count('Customer')).toBe(0);
  });
});
