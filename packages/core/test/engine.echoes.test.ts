import { afterEach, describe, expect, it } from 'vitest';
import { customerMapping, insertAccounts, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const accounts = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Account ${i}` }));

describe('echoes and idle runs cost no destination reads (issue 8)', () => {
  it('rows the CRM → ERP pass wrote are passed over by the next ERP → CRM pass without reading the CRM', async () => {
    const plugin = testPlugin([customerMapping({ direction: 'bidirectional', pageSize: 10 })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => void (ctx.values.no = String(ctx.source.values.name)));
    });
    db = await twoDatabases([plugin]);
    await insertAccounts(db.integrationOrm, accounts(30));
    const [from] = await db.host.engine.run('CUSTOMER', { direction: 'fromIntegration', full: true });
    expect(from).toMatchObject({ inserted: 30, failed: 0 });
    db.counting.on = true;
    const [to] = await db.host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    db.counting.on = false;
    expect(to).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    // Three pages of echoes, and not one statement on the CRM side.
    expect(db.statements.integration).toBe(0);
  });

  it('an idle bidirectional run after full syncs both ways sends one CRM statement, for 60 rows as for 6', async () => {
    const idleStatements = async (n: number) => {
      // One page holds every row: the overlap window re-reads them all here (they share one second); what is counted
      // is everything besides that read — no coupled CRM row is fetched for an unchanged ERP row.
      const plugin = testPlugin([customerMapping({ direction: 'bidirectional', pageSize: 100 })], (registry) => {
        registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => void (ctx.values.no = String(ctx.source.values.name)));
      });
      db = await twoDatabases([plugin]);
      await insertAccounts(db.integrationOrm, accounts(n));
      await db.host.engine.run('CUSTOMER', { direction: 'fromIntegration', full: true });
      await db.host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
      db.counting.on = true;
      const jobs = await db.host.engine.run('CUSTOMER');
      db.counting.on = false;
      expect(jobs.map((j) => j.inserted + j.modified + j.failed)).toEqual([0, 0]);
      const statements = db.statements.integration;
      await db.close();
      db = undefined;
      return statements;
    };
    const small = await idleStatements(6);
    const large = await idleStatements(60);
    expect(large).toBe(small);
    expect(large).toBe(1); // the fromIntegration read; the toIntegration pass reads nothing on the CRM side
  });
});
