import { afterEach, describe, expect, it } from 'vitest';
import { customerMapping, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describe('running all mappings (6l)', () => {
  it('honours dependsOn order, whatever order the mappings were registered in', async () => {
    const order: string[] = [];
    db = await twoDatabases([testPlugin([
      customerMapping({ name: 'CUSTOMER', dependsOn: ['SALESPEOPLE', 'CURRENCY'] }),
      { name: 'CURRENCY', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'toIntegration', dependsOn: ['SALESPEOPLE'], fields: [{ business: 'name', integration: 'fullname' }] },
      { name: 'SALESPEOPLE', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'toIntegration', fields: [{ business: 'name', integration: 'fullname' }] },
    ], (registry) => {
      registry.hooks.onJobStart.for('*').tap('Recorder', (ctx) => void order.push(`${ctx.mapping.name}:${ctx.direction}`));
    })]);
    await db.host.engine.runAll();
    expect(order).toEqual(['SALESPEOPLE:toIntegration', 'CURRENCY:toIntegration', 'CUSTOMER:toIntegration', 'CUSTOMER:fromIntegration']);
  });
});
