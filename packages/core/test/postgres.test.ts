import { inspect } from 'node:util';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, MikroOrmStore, TandemError, createHost, postgresDatabase, readConnectionType, type Host } from '../src/index';
import { scratchDatabase, testPostgresUrl, type ScratchDatabase } from '../src/testing/index';
import { AccountSchema, SystemUserSchema } from './fixtures/entities';
import { customerMapping, insertCustomers, testPlugin } from './fixtures/twoDatabases';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostOn(database: Parameters<typeof createHost>[0]['database']): Promise<Host> {
  const integrationOrm = await MikroORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
  await integrationOrm.schema.updateSchema({ safe: true });
  cleanups.push(() => integrationOrm.close());
  const host = await createHost({
    plugins: [testPlugin([customerMapping({ direction: 'toIntegration' })])],
    database,
    integration: new MikroOrmStore(integrationOrm, { name: 'integration' }),
  });
  cleanups.push(() => host.close());
  return host;
}

async function failure(promise: Promise<unknown>): Promise<TandemError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

describe('createHost on PostgreSQL', () => {
  it('creates its schema and tables on first boot, and a second boot (a restart, or another worker) keeps the state', async () => {
    const scratch: ScratchDatabase = await scratchDatabase('postgresql', { label: 'boot' });
    const options = postgresDatabase({ url: testPostgresUrl(), schema: scratch.name });
    // Two hosts boot at once on a schema that does not exist yet: the schema lock lets one create it.
    const [first, second] = await Promise.all([hostOn(options), hostOn(options)]);
    cleanups.push(() => scratch.drop(first.orm));
    const tables = await first.orm.em.getConnection().execute<{ table_name: string }[]>(
      `select table_name from information_schema.tables where table_schema = '${scratch.name}' order by table_name`,
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(expect.arrayContaining(['customer', 'tandem_coupling', 'tandem_mapping_lease', 'tandem_sync_job']));
    await insertCustomers(first, [{ name: 'Alpha' }]);
    const [job] = await first.engine.run('CUSTOMER', { full: true });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    expect(await second.state.couplings('CUSTOMER')).toHaveLength(1);
    expect((await second.state.jobs('CUSTOMER')).map((j) => j.id)).toEqual([job!.id]);
  });

  it('reads nothing from a read replica the user configured (a standby may lag): only from the primary', async () => {
    const scratch: ScratchDatabase = await scratchDatabase('postgresql', { label: 'replica' });
    // The "standby": another database on the same server, without the host's schema, so a read sent there fails.
    const standby = new URL(testPostgresUrl());
    standby.pathname = '/postgres';
    const host = await hostOn({ ...postgresDatabase({ url: testPostgresUrl(), schema: scratch.name }), replicas: [{ name: 'standby', clientUrl: standby.toString() }] });
    cleanups.push(() => scratch.drop(host.orm));
    expect(readConnectionType(host.orm.em)).toBe('write');
    await insertCustomers(host, [{ name: 'Alpha' }, { name: 'Beta' }]);
    const [job] = await host.engine.run('CUSTOMER', { full: true });
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    // MikroORM picks a replica at random for each read: twenty reads would meet the standby about ten times.
    for (let i = 0; i < 20; i++) expect((await host.state.couplingsBy('CUSTOMER', 'business', ['C0001', 'C0002'])).size).toBe(2);
  });

  it('an unreachable server fails with TANDEM_DATABASE_UNREACHABLE, naming where, never the password', async () => {
    const password = 'S3cret-Passw0rd';
    const error = await failure(hostOn(postgresDatabase({ url: 'postgresql://tandem@127.0.0.1:1/erp', password, schema: 'sales' })));
    expect(error.code).toBe(ErrorCodes.DATABASE_UNREACHABLE);
    expect(error.message).toMatch(/^PostgreSQL is not reachable at 127\.0\.0\.1:1 \(database "erp", user "tandem", schema "sales"\): .*ECONNREFUSED/);
    expect(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(password);
  });

  it('a login the server refuses fails the same way, and a password in the URL is not repeated either', async () => {
    const password = 'An0ther-Secret';
    const url = new URL(testPostgresUrl());
    url.username = 'tandem_no_such_role';
    url.password = password;
    const error = await failure(hostOn(postgresDatabase({ url: url.toString() })));
    expect(error.code).toBe(ErrorCodes.DATABASE_UNREACHABLE);
    expect(error.message).toContain(`user "tandem_no_such_role"`);
    expect(error.message).toContain('role "tandem_no_such_role" does not exist');
    expect(`${error.message} ${inspect(error)}`).not.toContain(password);
  });

  it('tests say clearly when their PostgreSQL server is not reachable', async () => {
    const scratch = await scratchDatabase('postgresql', { url: 'postgresql://postgres@127.0.0.1:1/test' });
    const error = await failure(scratch.create());
    expect(error.message).toMatch(/^PostgreSQL is not reachable at 127\.0\.0\.1:1 \(database "test", user "postgres"\)/);
  });
});
