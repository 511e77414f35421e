import { executionAsyncId } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { MikroOrmStore } from '../src/index';
import { customerMapping, insertAccounts, insertCustomers, integrationRows, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

/**
 * Whether Node's promise hooks are on in this process. Without them a promise continuation runs with async id 0;
 * once anything has turned them on (an AsyncLocalStorage entered with `run` / `enterWith`, an enabled `createHook`),
 * every continuation gets an id of its own — and every promise pays for async_hooks (≈ 14 % of a full sync's CPU).
 */
async function promiseHooksOn(): Promise<boolean> {
  await null;
  return executionAsyncId() !== 0;
}

let db: TwoDatabases;
afterEach(async () => db?.close());

describe('promise hooks', () => {
  it('stay off through full syncs, incremental runs, couplings, leases and failing writes (two MikroOrmStores)', async () => {
    expect(await promiseHooksOn(), 'something turned promise hooks on before the test').toBe(false);
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional', syncOnlyCoupled: false })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }, { name: 'Beta', city: 'Rome' }]);
    await insertAccounts(db.integrationOrm, [{ name: 'Gamma' }]);

    const jobs = await db.host.engine.fullSync('CUSTOMER');
    expect(jobs.map((j) => [j.direction, j.inserted, j.failed])).toEqual([['toIntegration', 2, 0], ['fromIntegration', 1, 0]]);
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, new Date(Date.now() + 5));
    const [changed] = await db.host.leases.hold('CUSTOMER', {}, (lease) => db.host.engine.run('CUSTOMER', { direction: 'toIntegration', lease }));
    expect(changed).toMatchObject({ modified: 1, failed: 0 });
    const [accountId] = await insertAccounts(db.integrationOrm, [{ name: 'Delta' }]);
    await insertCustomers(db.host, [{ no: 'C0100', name: 'Delta' }]);
    await db.host.engine.couple('CUSTOMER', 'C0100', accountId!, { syncDirection: 'toIntegration' });
    await db.host.state.pairDirectly('OTHER', 'b', 'i');
    // A batch that fails (a duplicate key) is retried row by row, each in its own savepoint.
    const store = db.host.stores.integration as MikroOrmStore;
    const [existing] = await integrationRows(db.integrationOrm);
    const results = await store.write('account', [
      { kind: 'insert', ref: 'dup', id: existing!.accountid, values: { name: 'Dup' } },
      { kind: 'insert', ref: 'new', values: { name: 'New', accountid: '00000000-0000-4000-8000-000000000001' } },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);

    expect(await promiseHooksOn()).toBe(false);
  });
});
