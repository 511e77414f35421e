import { afterEach, it } from 'vitest';
import { EVERY_MAPPING, SyncStage } from '../src/index';
import { CUSTOMER_FIELDS, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';
let db: TwoDatabases;
afterEach(async () => db?.close());
const M = { name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration' as const, fields: CUSTOMER_FIELDS };
it('postfilter false', async () => {
  db = await twoDatabases([testPlugin([M])]);
  db.host.hooks.onQueryPostFilter.for('CUSTOMER').tap('A', (ctx) => ctx.source.values.name === 'Beta');
  db.host.hooks.onQueryPostFilter.for('CUSTOMER').tap('B', (ctx) => (ctx.source.values.name === 'Gamma' ? true : undefined));
  await insertCustomers(db.host, [{ name: 'Alpha' }, { name: 'Beta' }, { name: 'Gamma' }]);
  const [job] = await db.host.engine.fullSync('CUSTOMER');
  process.stderr.write(`PROBE postfilter ${job!.inserted} ${(await integrationRows(db.integrationOrm)).map(r => r.name)}\n`);
});
it('finduncoupled null', async () => {
  db = await twoDatabases([testPlugin([M])]);
  const calls: string[] = [];
  db.host.hooks.onFindUncoupled.for('CUSTOMER').tap('A', () => { calls.push('A'); return null as any; });
  db.host.hooks.onFindUncoupled.for('CUSTOMER').tap('B', () => { calls.push('B'); return undefined; });
  await insertCustomers(db.host, [{ name: 'Alpha' }]);
  await db.host.engine.fullSync('CUSTOMER');
  process.stderr.write(`PROBE finduncoupled ${calls}\n`);
});
it('jobstart throw', async () => {
  db = await twoDatabases([testPlugin([M])]);
  db.host.hooks.onJobStart.for('CUSTOMER').tap('Boom', () => { throw new Error('boom'); });
  const e = await db.host.engine.run('CUSTOMER').catch((e) => e);
  process.stderr.write(`PROBE jobstart ${e?.message} ${JSON.stringify(await db.host.state.jobs('CUSTOMER'))}\n`);
});
it('stage across families', async () => {
  db = await twoDatabases([testPlugin([M])]);
  const order: string[] = [];
  db.host.hooks.onBeforeInsert.for(EVERY_MAPPING).tap({ name: 'Obs', stage: SyncStage.OBSERVE }, () => void order.push('every-OBSERVE'));
  db.host.hooks.onBeforeInsert.for('CUSTOMER').tap({ name: 'Val', stage: SyncStage.VALIDATE }, () => void order.push('customer-VALIDATE'));
  await insertCustomers(db.host, [{ name: 'Alpha' }]);
  await db.host.engine.fullSync('CUSTOMER');
  process.stderr.write(`PROBE stages ${order}\n`);
});
it('aftercommit throw', async () => {
  db = await twoDatabases([testPlugin([{ ...M, pageSize: 1 }])]);
  db.host.hooks.onAfterCommit.for('CUSTOMER').tap('Boom', () => { throw new Error('boom'); });
  await insertCustomers(db.host, [{ name: 'Alpha' }, { name: 'Beta' }]);
  const r = await db.host.engine.fullSync('CUSTOMER').catch((e) => e);
  process.stderr.write(`PROBE aftercommit ${r?.message ?? JSON.stringify(r)} ${(await integrationRows(db.integrationOrm)).length} ${JSON.stringify(await db.host.state.jobs('CUSTOMER'))}\n`);
});
