import type { MikroORM } from '@mikro-orm/sqlite';
import { CustomerSchema, generateDemoData, ItemSchema, SalesOrderService, type SalesOrderServiceOptions } from '../../src/index';
import { erpDatabase, type ErpDatabase } from './erpDatabase';

export interface SalesFixture extends ErpDatabase {
  service: SalesOrderService;
}

async function fill(orm: MikroORM): Promise<void> {
  await generateDemoData(orm.em.fork(), { seed: 42, customers: 3, items: 3, salespeople: 2, salesOrders: 0 });
  const em = orm.em.fork();
  await em.nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: '', currencyCode: null, paymentTermsCode: '30 DAYS', modifiedAt: new Date() });
  await em.nativeUpdate(CustomerSchema, { no: 'C00002' }, { blocked: '', currencyCode: 'USD', modifiedAt: new Date() });
  await em.nativeUpdate(ItemSchema, { no: 'I00001' }, { blocked: false, unitPrice: '10.5', modifiedAt: new Date() });
  await em.nativeUpdate(ItemSchema, { no: 'I00002' }, { blocked: false, unitPrice: '99.99', modifiedAt: new Date() });
}

/**
 * A small demo database (local currency EUR, seed 42) with known values for the rows the sales tests use:
 * customer C00001 (not blocked, local currency, payment terms 30 DAYS), customer C00002 (USD),
 * items I00001 (unit price 10.5) and I00002 (unit price 99.99), both unblocked.
 */
export async function salesFixture(options: SalesOrderServiceOptions = {}): Promise<SalesFixture> {
  const db = await erpDatabase('sales', fill);
  return { ...db, service: new SalesOrderService(db.orm, options) };
}
