import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, deterministicId, MikroOrmStore, type Host, type RowId, type WriteOperation, type WriteOptions, type WriteResult } from '../src/index';
import { AccountSchema, SystemUserSchema } from './fixtures/entities';
import { CUSTOMER_FIELDS, customerMapping, insertCustomers, integrationRows, testPlugin } from './fixtures/twoDatabases';

/**
 * A store whose creates are idempotent, as `DataverseStore`'s are: a create that meets a row of its own id updates it.
 * It counts the engine's `getByIds` calls.
 */
class IdempotentStore extends MikroOrmStore {
  readonly createsAreIdempotent = true;
  lookups = 0;

  override async getByIds(table: string, ids: readonly RowId[]) {
    this.lookups += 1;
    return super.getByIds(table, ids);
  }

  override async write(table: string, operations: readonly WriteOperation[], options: WriteOptions = {}): Promise<WriteResult[]> {
    const ids = operations.flatMap((op) => (op.kind === 'insert' && op.id !== undefined ? [op.id] : []));
    const existing = new Set((await super.getByIds(table, ids)).map((row) => row.id));
    return super.write(
      table,
      operations.map((op) => (op.kind === 'insert' && op.id !== undefined && existing.has(op.id) ? { kind: 'update', ref: op.ref, id: op.id, values: op.values } : op)),
      options,
    );
  }
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setup(store: (orm: MikroORM) => MikroOrmStore): Promise<{ host: Host; orm: MikroORM; store: MikroOrmStore }> {
  const orm = await MikroORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
  await orm.schema.updateSchema({ safe: true });
  const integration = store(orm);
  // No match fields: an uncoupled customer is created, never matched by name.
  const fields = CUSTOMER_FIELDS.map(({ match: _match, ...field }) => field);
  const host = await createHost({
    plugins: [testPlugin([customerMapping({ fields, syncOnlyCoupled: false })])],
    database: { dbName: ':memory:' },
    integration,
  });
  close = async () => {
    await host.close();
    await orm.close();
  };
  return { host, orm, store: integration };
}

describe('createsAreIdempotent (issue 8)', () => {
  it('a store that declares it is not asked for the rows of creates before they are sent', async () => {
    const { host, store } = await setup((orm) => new IdempotentStore(orm, { name: 'integration' }));
    await insertCustomers(host, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
    const [job] = await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(job).toMatchObject({ inserted: 3, failed: 0 });
    expect((store as IdempotentStore).lookups).toBe(0);
  });

  it('a store that does not declare it is asked once per page (the crash-recovery lookup)', async () => {
    let lookups = 0;
    const { host } = await setup((orm) => {
      const plain = new MikroOrmStore(orm, { name: 'integration' });
      const getByIds = plain.getByIds.bind(plain);
      plain.getByIds = async (table, ids) => ((lookups += 1), getByIds(table, ids));
      return plain;
    });
    await insertCustomers(host, [{ name: 'A' }, { name: 'B' }]);
    await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(lookups).toBe(1);
  });

  it('a create retried after a crash meets its own row and updates it: one row, coupled, no failure', async () => {
    const { host, orm } = await setup((orm) => new IdempotentStore(orm, { name: 'integration' }));
    await insertCustomers(host, [{ no: 'K1', name: 'Kept', city: 'Oslo' }]);
    // What a crashed run leaves: the CRM row made under the deterministic id, no coupling.
    await orm.em.fork().insert('account', { accountid: deterministicId('CUSTOMER', 'K1'), name: 'Kept', address1_city: 'Old', modifiedon: new Date(), modifiedby: 'x' });
    const [job] = await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(job).toMatchObject({ failed: 0 });
    const rows = await integrationRows(orm);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountid: deterministicId('CUSTOMER', 'K1'), address1_city: 'Oslo' });
    const [coupling] = await host.state.couplings('CUSTOMER');
    expect(coupling).toMatchObject({ businessId: 'K1', integrationId: deterministicId('CUSTOMER', 'K1') });
  });

  it('the lookup is needed without any crash: a row whose coupling was removed after clean passes is coupled again, not created twice', async () => {
    // Why the lookup cannot be skipped when the state shows the previous passes ended cleanly: uncoupling keeps the
    // destination row, which still carries its deterministic id.
    const { host, orm } = await setup((orm) => new MikroOrmStore(orm, { name: 'integration' }));
    await insertCustomers(host, [{ no: 'U1', name: 'Uncoupled', city: 'Oslo' }]);
    const [first] = await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(first).toMatchObject({ inserted: 1, failed: 0 });
    await host.engine.uncouple('CUSTOMER', { businessId: 'U1' });
    expect(await host.state.couplings('CUSTOMER')).toHaveLength(0);
    const [again] = await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(again).toMatchObject({ inserted: 0, failed: 0 });
    expect(await integrationRows(orm)).toHaveLength(1);
    const [coupling] = await host.state.couplings('CUSTOMER');
    expect(coupling).toMatchObject({ businessId: 'U1', integrationId: deterministicId('CUSTOMER', 'U1') });
  });
});
