import { afterEach, describe, expect, it } from 'vitest';
import { businessRows, customerMapping, insertAccounts, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

/** SQL statements (both databases) for one page of `size` inserts, then one page of `size` updates. */
async function statementsPerPage(size: number): Promise<{ inserts: number; updates: number }> {
  db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: size })])]);
  await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: size }, (_, i) => ({ no: `B${i}`, name: `n${i}`, modifiedOn: new Date(Date.now() - 1000) })));
  const count = async (work: () => Promise<unknown>) => {
    Object.assign(db.statements, { business: 0, integration: 0 });
    db.counting.on = true;
    await work();
    db.counting.on = false;
    return db.statements.business + db.statements.integration;
  };
  const inserts = await count(() => db.host.engine.fullSync('CUSTOMER'));
  await db.host.orm.em.fork().nativeUpdate('Customer', {}, { city: 'Everywhere', modifiedOn: new Date(Date.now() + 50) });
  const updates = await count(() => db.host.engine.run('CUSTOMER'));
  expect((await db.integrationOrm.em.fork().count('account', { address1_city: 'Everywhere' }))).toBe(size);
  await db.close();
  return { inserts, updates };
}

describe('batching (7)', () => {
  it('the number of SQL statements per page does not grow with the page size', async () => {
    const small = await statementsPerPage(20);
    const large = await statementsPerPage(400);
    expect(large).toEqual(small);
    expect(small.inserts).toBeLessThan(30);
    expect(small.updates).toBeLessThan(30);
  });

  it('reads are paged at 2 000 by default', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })])]);
    expect(db.host.mappings.get('CUSTOMER').pageSize).toBe(2000);
    const pages: number[] = [];
    db.host.hooks.onAfterCommit.for('CUSTOMER').tap('Pages', (ctx) => void pages.push(ctx.outcomes.length));
    await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: 4100 }, (_, i) => ({ no: `P${i}`, name: `n${i}`, modifiedOn: new Date() })));
    await db.host.engine.fullSync('CUSTOMER');
    expect(pages).toEqual([2000, 2000, 100]);
  });

  it('a business-side page, its couplings, counters and errors commit in one transaction', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'fromIntegration', syncOnlyCoupled: false, fields: [{ business: 'name', integration: 'name' }] })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => {
        if (ctx.source.values.name === 'bad') throw new Error('refused');
        ctx.values.no = String(ctx.source.values.name);
      });
    })]);
    await insertAccounts(db.integrationOrm, [{ name: 'one' }, { name: 'bad' }, { name: 'two' }]);
    // Break the error table: the page's state cannot commit, so its business rows must not stay either.
    await db.host.orm.em.getConnection().execute('alter table tandem_sync_job_error rename to broken_errors');
    await expect(db.host.engine.run('CUSTOMER')).rejects.toThrow(/tandem_sync_job_error/);
    expect(await businessRows(db.host)).toHaveLength(0);
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(0);
    expect((await db.host.state.mappingState('CUSTOMER'))!.fromIntegrationCursor).toBeNull();
    await db.host.orm.em.getConnection().execute('alter table broken_errors rename to tandem_sync_job_error');
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 1 });
    expect((await businessRows(db.host)).map((c) => c.no).sort()).toEqual(['one', 'two']);
  });
});

describe('transactions per page', () => {
  it('a destination store that does not join the state transaction costs one state transaction per page, its commit', async () => {
    const pages = async (count: number) => {
      db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 10 })])]);
      await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: 10 * count }, (_, i) => ({ no: `T${i}`, name: `n${i}`, modifiedOn: new Date(Date.now() - 1000) })));
      Object.assign(db.transactions, { business: 0, integration: 0 });
      db.counting.on = true;
      const [job] = await db.host.engine.fullSync('CUSTOMER');
      db.counting.on = false;
      expect(job).toMatchObject({ inserted: 10 * count, failed: 0 });
      const transactions = db.transactions.business;
      await db.close();
      return transactions;
    };
    const three = await pages(3);
    const six = await pages(6);
    // Each page more: one more state transaction (the page's commit), not a second one asking the store to join.
    expect(six - three).toBe(3);
  });
});
