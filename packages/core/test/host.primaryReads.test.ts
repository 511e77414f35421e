import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, MikroOrmStore, TandemError, createHost, readConnectionType, stateEntities, type Host } from '../src/index';
import { AccountSchema, CustomerSchema, SalespersonSchema, SystemUserSchema } from './fixtures/entities';
import { customerMapping, insertCustomers, testPlugin } from './fixtures/twoDatabases';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostOn(orm: SqliteORM): Promise<Host> {
  const integrationOrm = await SqliteORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
  cleanups.push(() => integrationOrm.close());
  await integrationOrm.schema.updateSchema({ safe: true });
  const host = await createHost({
    plugins: [testPlugin([customerMapping({ direction: 'toIntegration' })])],
    database: { orm },
    integration: new MikroOrmStore(integrationOrm, { name: 'integration' }),
  });
  cleanups.push(() => host.close());
  return host;
}

async function ormWith(options: { replicas?: { name: string }[]; preferReadReplicas?: boolean }): Promise<SqliteORM> {
  const orm = await SqliteORM.init({ dbName: ':memory:', entities: [...stateEntities, CustomerSchema, SalespersonSchema], ...options });
  cleanups.push(() => orm.close());
  return orm;
}

describe('Tandem reads its state from the primary (issue 8)', () => {
  it('an ORM passed in that sends its reads to replicas of its own is refused, naming the option to set', async () => {
    const orm = await ormWith({ replicas: [{ name: 'standby' }] });
    const error = await hostOn(orm).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe(ErrorCodes.CONFIG_INVALID);
    expect((error as TandemError).message).toMatch(/read replicas \(preferReadReplicas\).*set preferReadReplicas: false/);
  });

  it('the same ORM with preferReadReplicas: false boots, and every read of Tandem\'s stays on the primary', async () => {
    const orm = await ormWith({ replicas: [{ name: 'standby' }], preferReadReplicas: false });
    const host = await hostOn(orm);
    expect(readConnectionType(host.orm.em)).toBe('write');
    // A replica of an in-memory database is another, empty, database: a read sent there fails (no state tables).
    await insertCustomers(host, [{ name: 'Alpha' }, { name: 'Beta' }]);
    const [job] = await host.engine.run('CUSTOMER', { full: true });
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    // MikroORM picks a replica at random for each read it sends to one: twenty reads would meet it about ten times.
    for (let i = 0; i < 20; i++) expect((await host.state.couplingsBy('CUSTOMER', 'business', ['C0001', 'C0002'])).size).toBe(2);
  });
});
