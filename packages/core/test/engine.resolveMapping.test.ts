import { afterEach, describe, expect, it } from 'vitest';
import { customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describe('several mappings on one table (onResolveMapping)', () => {
  const twoOnCustomer = (tap: boolean) => testPlugin([
    customerMapping({ name: 'CUSTOMER', direction: 'toIntegration' }),
    customerMapping({ name: 'VIP', direction: 'toIntegration', fields: [{ business: 'name', integration: 'name', transform: [{ rule: 'upper' }] }] }),
  ], (registry) => {
    if (tap) registry.hooks.onResolveMapping.tap('VipRouter', (ctx) => (ctx.row?.values.city === 'VIP' ? 'VIP' : 'CUSTOMER'));
  });

  it('a tap picks the mapping for a record', async () => {
    db = await twoDatabases([twoOnCustomer(true)]);
    await insertCustomers(db.host, [{ name: 'plain' }, { name: 'special', city: 'VIP' }]);
    expect((await db.host.engine.resolveMapping('business', 'Customer')).name).toBe('CUSTOMER');
    await db.host.engine.syncTableRecord('business', 'Customer', 'C0002', 'toIntegration');
    await db.host.engine.syncTableRecord('business', 'Customer', 'C0001', 'toIntegration');
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['SPECIAL', 'plain']);
  });

  it('without a tap the choice fails, naming the candidates', async () => {
    db = await twoDatabases([twoOnCustomer(false)]);
    await expect(db.host.engine.resolveMapping('business', 'Customer')).rejects.toThrow(/2 mappings use business table "Customer" \(CUSTOMER, VIP\)/);
    await expect(db.host.engine.resolveMapping('business', 'Salesperson')).rejects.toThrow(/no mapping uses business table "Salesperson"/);
  });
});
