import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntitySchema } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/sqlite';
import { createHost, deterministicId, MikroOrmStore, type Host } from '@tandem/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CurrencyExchangeRateSchema, CustomerSchema, erpEntities, ErpPlugin, generateDemoData, PLUGIN_NAME, SalesHeaderSchema, SalesOrderService } from '../src/index';

/** A CRM-like table on a second SQLite file. */
interface Account { accountid: string; name: string; address1_city: string | null; modifiedon: Date }
const AccountSchema = new EntitySchema<Account>({
  name: 'account',
  properties: {
    accountid: { type: 'uuid', primary: true },
    name: { type: 'string', length: 160 },
    address1_city: { type: 'string', length: 80, nullable: true },
    modifiedon: { type: 'datetime', index: true },
  },
});

/** A CRM-like exchange-rate table: its rows land in CurrencyExchangeRate, whose key is systemId. */
interface Rate { rateid: string; currency: string; startson: string; amount: string; lcyamount: string; modifiedon: Date }
const RateSchema = new EntitySchema<Rate>({
  name: 'rate',
  properties: {
    rateid: { type: 'uuid', primary: true },
    currency: { type: 'string', length: 10 },
    startson: { type: 'date' },
    amount: { type: 'decimal', precision: 18, scale: 5 },
    lcyamount: { type: 'decimal', precision: 18, scale: 5 },
    modifiedon: { type: 'datetime', index: true },
  },
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function hostWithCustomers(): Promise<{ host: Host; crm: MikroORM; posted: string[] }> {
  const posted: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tandem-erp-plugin-'));
  const crm = await MikroORM.init({ dbName: join(dir, 'crm.sqlite'), entities: [AccountSchema, RateSchema] });
  await crm.schema.createSchema();
  const host = await createHost({
    plugins: [
      ErpPlugin,
      {
        name: 'TestCustomerAccount',
        dependsOn: [PLUGIN_NAME],
        register(registry) {
          registry.addMapping({
            name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'fromIntegration', syncOnlyCoupled: false,
            fields: [{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }],
          });
          registry.addMapping({
            name: 'RATES', businessTable: 'CurrencyExchangeRate', integrationTable: 'rate', direction: 'fromIntegration', syncOnlyCoupled: false,
            fields: [
              { business: 'currencyCode', integration: 'currency' }, { business: 'startingDate', integration: 'startson' },
              { business: 'exchangeRateAmount', integration: 'amount' }, { business: 'relationalExchangeRateAmount', integration: 'lcyamount' },
            ],
          });
          let next = 0;
          registry.hooks.onBeforeInsert.for('CUSTOMER').tap('TestCustomerAccount', (context) => {
            context.values.no = `CRM${String(++next).padStart(3, '0')}`;
          });
          // The ERP's own hooks, keyed by the host's hooks object: tapped before the database exists.
          SalesOrderService.getHooks(registry.hooks).afterPostSalesOrder.tap('TestCustomerAccount', (context) => {
            posted.push(`${context.orderNo}→${context.invoiceNo}`);
          });
        },
      },
    ],
    database: { dbName: join(dir, 'erp.sqlite') },
    integration: new MikroOrmStore(crm, { name: 'crm' }),
  });
  cleanup = async () => {
    await host.close();
    await crm.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { host, crm, posted };
}

describe('ErpPlugin', () => {
  it('adds every ERP entity to the host database, and gives rows the engine creates a systemId', { timeout: 30_000 }, async () => {
    const { host, crm, posted } = await hostWithCustomers();
    for (const entity of erpEntities) expect(host.orm.getMetadata().find(entity.meta.className), entity.meta.className).toBeDefined();
    expect(host.plugins.map((p) => p.name)).toContain('ErpPlugin');

    await crm.em.fork().insertMany(AccountSchema, [
      { accountid: '11111111-1111-4111-8111-111111111111', name: 'Fabrikam', address1_city: 'Oslo', modifiedon: new Date() },
      { accountid: '22222222-2222-4222-8222-222222222222', name: 'Contoso', address1_city: null, modifiedon: new Date() },
    ]);
    const before = Date.now();
    const [job] = await host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    const customers = await host.orm.em.fork().find(CustomerSchema, {}, { orderBy: { no: 'asc' } });
    expect(customers.map((c) => [c.no, c.name, c.city, c.blocked, c.creditLimitLcy])).toEqual([
      ['CRM001', 'Fabrikam', 'Oslo', '', '0'],
      ['CRM002', 'Contoso', null, '', '0'],
    ]);
    for (const customer of customers) {
      expect(customer.systemId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(customer.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    }
    expect(customers[0]!.systemId).not.toBe(customers[1]!.systemId);

    // In a table keyed by systemId the plugin leaves the key to the store: the engine's deterministic id.
    const rateId = '33333333-3333-4333-8333-333333333333';
    await crm.em.fork().insert(RateSchema, { rateid: rateId, currency: 'USD', startson: '2026-03-01', amount: '100', lcyamount: '92.5', modifiedon: new Date() });
    const [rateJob] = await host.engine.run('RATES');
    expect(rateJob).toMatchObject({ inserted: 1, failed: 0 });
    const [rate] = await host.orm.em.fork().find(CurrencyExchangeRateSchema, {});
    expect(rate).toMatchObject({ systemId: deterministicId('RATES', rateId), currencyCode: 'USD', startingDate: '2026-03-01', relationalExchangeRateAmount: '92.5' });

    // After boot the host builds the service with the same owner, so the plugin's tap hears the post.
    await generateDemoData(host.orm.em.fork(), { seed: 1, customers: 5, items: 5, salespeople: 1, salesOrders: 6, releasedShare: 1 });
    const service = new SalesOrderService(host.orm, { hooks: SalesOrderService.getHooks(host.hooks) });
    const order = await host.orm.em.fork().findOneOrFail(SalesHeaderSchema, { status: 'Released' }, { orderBy: { no: 'asc' } });
    await service.postSalesOrder(order.no);
    expect(posted).toEqual([`${order.no}→SI00001`]);
  });
});
