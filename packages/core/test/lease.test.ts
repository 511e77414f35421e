import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import type { MikroORM, Options } from '@mikro-orm/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCodes, MappingLeases, MikroOrmStore, TandemError, createHost, openPostgres, stateEntities, withSchemaLock, withSqliteBusyTimeout, type Clock, type Host, type Logger, type MappingLease, type PluginRegistry,
} from '../src/index';
import { DATABASE_KINDS, scratchDatabase, type DatabaseKind } from '../src/testing/index';
import { AccountSchema, CustomerSchema, SalespersonSchema, SystemUserSchema } from './fixtures/entities';
import { customerMapping, insertAccounts, insertCustomers, integrationRows, testPlugin } from './fixtures/twoDatabases';

/** A clock the test moves forward. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A state database of the given kind: a SQLite file, or a PostgreSQL schema of its own (created, then dropped). */
async function stateDatabase(kind: DatabaseKind): Promise<MikroORM> {
  const entities = [...stateEntities, CustomerSchema, SalespersonSchema];
  const database = await scratchDatabase(kind, { label: 'lease', file: true });
  const options = { ...database.options, entities } as Options;
  const orm = (kind === 'sqlite' ? await SqliteORM.init(withSqliteBusyTimeout(options)) : await openPostgres(options)) as unknown as MikroORM;
  cleanups.push(async () => {
    await database.drop(orm);
    await orm.close();
  });
  await withSchemaLock(orm, () => orm.schema.updateSchema({ safe: true }));
  return orm;
}

async function hostOn(orm: MikroORM, options: { clock?: Clock; logger?: Logger; lease?: { ttlMs?: number; heartbeatMs?: number; pollMs?: number }; extra?: (r: PluginRegistry) => void } = {}): Promise<Host> {
  const integrationOrm = await SqliteORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
  await integrationOrm.schema.updateSchema({ safe: true });
  const host = await createHost({
    plugins: [testPlugin([customerMapping({ direction: 'bidirectional', syncOnlyCoupled: false })], options.extra)],
    database: { orm },
    integration: new MikroOrmStore(integrationOrm, { name: 'integration', identity: 'crm-integration-user' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.lease ? { lease: options.lease } : {}),
  });
  cleanups.push(async () => {
    await host.close();
    await integrationOrm.close();
  });
  return host;
}

async function failure(promise: Promise<unknown>): Promise<TandemError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

describe.each(DATABASE_KINDS)('mapping leases on %s', (kind) => {
  it('acquire is exclusive; the holder renews and releases; a release by someone else does nothing', async () => {
    const orm = await stateDatabase(kind);
    const a = new MappingLeases(orm, { holder: 'host-a:1:aaaa', ttlMs: 60_000 });
    const b = new MappingLeases(orm, { holder: 'host-b:2:bbbb', ttlMs: 60_000 });

    const lease = await a.acquire('CUSTOMER');
    expect(lease).toMatchObject({ mapping: 'CUSTOMER', holder: 'host-a:1:aaaa' });
    expect(await b.tryAcquire('CUSTOMER')).toBeUndefined();
    expect(await a.tryAcquire('CUSTOMER')).toBeUndefined(); // the same host, a second acquisition: busy too
    expect(await b.tryAcquire('ITEM')).toBeDefined(); // other mappings are free

    const busy = await failure(b.acquire('CUSTOMER'));
    expect(busy.code).toBe(ErrorCodes.MAPPING_BUSY);
    expect(busy.errorClass).toBe('transient');
    expect(busy.message).toBe(
      `mapping "CUSTOMER" is already running: host-a:1:aaaa holds its lease until ${lease.expiresAt.toISOString()}. ` +
        'Wait for that run to finish, or pass waitMs to wait for it; if that process died, the lease expires at that time and the next run takes over.',
    );

    expect(await a.tryAcquire('CUSTOMER', { token: lease.token })).toBeDefined(); // held by me: taken again
    const renewed = await a.renew(lease, 120_000);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(lease.expiresAt.getTime());
    expect((await b.current('CUSTOMER'))!.expiresAt.toISOString()).toBe(renewed.expiresAt.toISOString());

    expect(await b.release({ ...lease, token: randomUUID() })).toBe(false);
    expect((await b.current('CUSTOMER'))?.holder).toBe('host-a:1:aaaa');
    expect(await a.release(lease)).toBe(true);
    expect(await a.current('CUSTOMER')).toBeNull();
    expect((await b.acquire('CUSTOMER')).holder).toBe('host-b:2:bbbb');
    expect((await a.list()).map((l) => l.mapping)).toEqual(['CUSTOMER', 'ITEM']);
  });

  it('an expired lease (its holder crashed) is taken over; the old holder then cannot renew it', async () => {
    const orm = await stateDatabase(kind);
    const clock = movableClock();
    const crashed = new MappingLeases(orm, { holder: 'crashed:1:dead', ttlMs: 1_000 });
    const next = new MappingLeases(orm, { holder: 'next:2:beef', clock });
    const old = await crashed.acquire('CUSTOMER');
    expect(await next.tryAcquire('CUSTOMER')).toBeUndefined();
    clock.advance(1_001);
    const taken = await next.acquire('CUSTOMER');
    expect((await next.current('CUSTOMER'))).toMatchObject({ holder: 'next:2:beef', token: taken.token });
    const lost = await failure(crashed.renew(old));
    expect(lost.code).toBe(ErrorCodes.LEASE_LOST);
    expect(lost.message).toContain('next:2:beef took it over');
    expect(await crashed.release(old)).toBe(false);
    expect((await next.current('CUSTOMER'))?.holder).toBe('next:2:beef');
  });

  it('engine runs and manual operations take the lease: busy while another holder has it, with no job started', async () => {
    const orm = await stateDatabase(kind);
    const host = await hostOn(orm);
    await insertCustomers(host, [{ name: 'Alpha' }]);
    const other = new MappingLeases(orm, { holder: 'worker-2:77:cafe' });
    const held = await other.acquire('CUSTOMER');

    const calls: [string, () => Promise<unknown>][] = [
      ['run', () => host.engine.run('CUSTOMER')],
      ['fullSync', () => host.engine.fullSync('CUSTOMER')],
      ['runAll', () => host.engine.runAll()],
      ['syncRecord', () => host.engine.syncRecord('CUSTOMER', { businessId: 'C0001' }, 'toIntegration')],
      ['couple', () => host.engine.couple('CUSTOMER', 'C0001', randomUUID())],
      ['uncouple', () => host.engine.uncouple('CUSTOMER', { businessId: 'C0001' })],
      ['match', () => host.engine.match('CUSTOMER', { createNew: true })],
    ];
    for (const [name, call] of calls) {
      const error = await failure(call());
      expect(error.code, name).toBe(ErrorCodes.MAPPING_BUSY);
      expect(error.message, name).toContain('mapping "CUSTOMER" is already running: worker-2:77:cafe holds its lease until');
    }
    expect(await host.state.jobs()).toEqual([]);

    await other.release(held);
    const [job] = await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    expect(await host.leases.current('CUSTOMER')).toBeNull();
    expect(host.leases.holder).toMatch(/^[^:]+:\d+:[0-9a-f]{8}$/);
  });

  it('the lease is released when a run fails; a call given the held lease runs under it, any other call is refused', async () => {
    const orm = await stateDatabase(kind);
    let fail = true;
    const host = await hostOn(orm, {
      extra: (registry) => registry.hooks.onJobStart.for('CUSTOMER').tap('Boom', () => {
        if (fail) throw new Error('job start refused');
      }),
    });
    const error = await failure(host.engine.run('CUSTOMER'));
    expect(error.code).toBe(ErrorCodes.HOOK_FAILED);
    expect(await host.leases.current('CUSTOMER')).toBeNull();
    expect((await host.state.jobs('CUSTOMER')).every((j) => j.finishedAt !== null)).toBe(true);

    fail = false;
    const other = await hostOn(orm); // a second host on the same database
    await insertCustomers(host, [{ name: 'Alpha' }]);
    const [accountId] = await insertAccounts((host.stores.integration as MikroOrmStore).orm as unknown as SqliteORM, [{ name: 'Alpha' }]);
    // couple(…, { syncDirection }) runs syncRecord inside its own lease: it must not wait for itself.
    await host.engine.couple('CUSTOMER', 'C0001', accountId!, { syncDirection: 'toIntegration' });
    expect((await host.state.findCoupling('CUSTOMER', 'business', 'C0001'))?.integrationId).toBe(accountId);
    expect(await host.leases.current('CUSTOMER')).toBeNull();

    // A worker that takes the lease itself runs the engine under it (passing the lease); a call from another host,
    // and one from this same host that does not pass the lease, are refused.
    const outside: Promise<unknown>[] = [];
    let held: MappingLease | undefined;
    const jobs = await host.leases.hold('CUSTOMER', {}, async (lease) => {
      held = lease;
      outside.push(new Promise((resolve) => setImmediate(resolve)).then(() => failure(other.engine.run('CUSTOMER'))));
      outside.push(new Promise((resolve) => setImmediate(resolve)).then(() => failure(host.engine.run('CUSTOMER'))));
      outside.push(failure(host.engine.syncRecord('CUSTOMER', { businessId: 'C0001' }, 'toIntegration')));
      return host.engine.run('CUSTOMER', { direction: 'toIntegration', lease });
    });
    expect(jobs).toHaveLength(1);
    for (const refused of await Promise.all(outside)) expect((refused as TandemError).code).toBe(ErrorCodes.MAPPING_BUSY);

    // A lease whose hold has ended, or the lease of another mapping, is not a pass: TANDEM_LEASE_NOT_HELD.
    const ended = await failure(host.engine.run('CUSTOMER', { lease: held! }));
    expect(ended.code).toBe(ErrorCodes.LEASE_NOT_HELD);
    expect(ended.message).toContain('not held by this host');
    const wrong = await host.leases.hold('OTHER', {}, (lease) => failure(host.engine.run('CUSTOMER', { lease })));
    expect(wrong.code).toBe(ErrorCodes.LEASE_NOT_HELD);
    expect(wrong.message).toContain('the lease of "OTHER"');
    expect(await host.leases.current('CUSTOMER')).toBeNull();
  });

  it("a run hands its lease to onJobStart / onJobEnd: a tap's engine call for the same mapping runs under it, one without it is refused", async () => {
    const orm = await stateDatabase(kind);
    const seen: { withLease?: unknown; without?: string; leaseMapping?: string }[] = [];
    let host!: Host;
    host = await hostOn(orm, {
      extra: (registry) =>
        registry.hooks.onJobEnd.for('CUSTOMER').tapPromise('Follow-up', async ({ job, direction, lease }) => {
          // Only the run's pass (syncRecord's own job ends here too, without a lease of its own to hand on).
          if (job.type !== 'synchronization' || direction !== 'toIntegration' || !lease) return;
          const without = await host.engine.syncRecord('CUSTOMER', { businessId: 'C0001' }, 'toIntegration').then(() => 'ran', (e: TandemError) => e.code);
          const withLease = await host.engine.syncRecord('CUSTOMER', { businessId: 'C0001' }, 'toIntegration', { lease: lease! });
          seen.push({ withLease: withLease.action, without, leaseMapping: lease?.mapping });
        }),
    });
    await insertCustomers(host, [{ name: 'Alpha' }]);
    await host.engine.run('CUSTOMER', { direction: 'toIntegration', full: true });
    expect(seen).toEqual([{ withLease: 'unchanged', without: ErrorCodes.MAPPING_BUSY, leaseMapping: 'CUSTOMER' }]);
    expect(await host.leases.current('CUSTOMER')).toBeNull();
  });

  it('a long run renews its lease (heartbeat), so nobody takes it over while it runs', async () => {
    const orm = await stateDatabase(kind);
    const host = await hostOn(orm, {
      lease: { ttlMs: 400, heartbeatMs: 100 },
      extra: (registry) => registry.hooks.onJobStart.for('CUSTOMER').tapPromise('Slow', () => new Promise((resolve) => setTimeout(resolve, 1_000))),
    });
    const other = new MappingLeases(orm, { holder: 'other:1:0000' });
    const running = host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    while ((await other.current('CUSTOMER'))?.holder !== host.leases.holder) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 550)); // past the first expiry: only renewals keep it
    expect(await other.tryAcquire('CUSTOMER')).toBeUndefined();
    const current = await other.current('CUSTOMER');
    expect(current?.holder).toBe(host.leases.holder);
    expect(current!.expiresAt.getTime() - current!.acquiredAt.getTime()).toBeGreaterThan(400);
    await running;
    expect(await other.current('CUSTOMER')).toBeNull();
  });

  it('a run whose lease was taken over logs TANDEM_LEASE_LOST, finishes, and leaves the new holder\'s lease alone', async () => {
    const orm = await stateDatabase(kind);
    const errors: { bindings: Record<string, unknown>; message: string }[] = [];
    const silent = () => undefined;
    const logger: Logger = { trace: silent, debug: silent, info: silent, warn: silent, error: (bindings, message) => void errors.push({ bindings, message }), child: () => logger };
    const host = await hostOn(orm, {
      logger,
      lease: { ttlMs: 2_000, heartbeatMs: 100 },
      extra: (registry) => registry.hooks.onJobStart.for('CUSTOMER').tapPromise('Slow', () => new Promise((resolve) => setTimeout(resolve, 600))),
    });
    const later = movableClock();
    later.advance(3_600_000); // a holder whose clock is an hour ahead sees the lease as expired
    const usurper = new MappingLeases(orm, { holder: 'usurper:9:9999', clock: later });
    const running = host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    while ((await usurper.current('CUSTOMER'))?.holder !== host.leases.holder) await new Promise((resolve) => setTimeout(resolve, 20));
    const taken = await usurper.tryAcquire('CUSTOMER');
    expect(taken).toBeDefined();
    const [job] = await running;
    expect(job!.finishedAt).not.toBeNull();
    expect(errors[0]).toMatchObject({ bindings: { mapping: 'CUSTOMER', holder: host.leases.holder, code: ErrorCodes.LEASE_LOST } });
    expect(errors[0]!.message).toContain('usurper:9:9999 took it over');
    expect((await usurper.current('CUSTOMER'))?.token).toBe(taken!.token);
  });
});

describe('SQLite busy timeout', () => {
  /** Another connection (as an ERP would) holds the write lock of the business file for about a second. */
  async function holdWriteLock(file: string, ms: number): Promise<{ released: Promise<void>; close(): Promise<void> }> {
    const blocker = await SqliteORM.init(withSqliteBusyTimeout({ dbName: file, entities: [CustomerSchema], discovery: { warnWhenNoEntities: false } }));
    const knex = blocker.em.getConnection().getKnex();
    await knex.raw('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve, reject) => setTimeout(() => void knex.raw('COMMIT').then(() => resolve(), reject), ms));
    return { released, close: () => blocker.close() };
  }

  async function hostOnFile(busyTimeoutMs?: number) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-busy-'));
    const file = join(dir, 'erp.sqlite');
    const integrationOrm = await SqliteORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
    await integrationOrm.schema.updateSchema({ safe: true });
    const host = await createHost({
      plugins: [testPlugin([customerMapping({ direction: 'fromIntegration', syncOnlyCoupled: false })], (registry) =>
        registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => void (ctx.values.no = String(ctx.source.values.name)))),
      ],
      database: { dbName: file },
      integration: new MikroOrmStore(integrationOrm, { name: 'integration' }),
      ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}),
    });
    cleanups.push(async () => {
      await host.close();
      await integrationOrm.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await insertAccounts(integrationOrm, [{ name: 'X1' }, { name: 'X2' }, { name: 'X3' }]);
    return { host, file, integrationOrm };
  }

  it('a run waits for another connection\'s write lock (BEGIN IMMEDIATE held ~1 s) instead of failing with SQLITE_BUSY', async () => {
    const { host, file } = await hostOnFile();
    const lock = await holdWriteLock(file, 1_000);
    cleanups.push(lock.close);
    const started = Date.now();
    const [job] = await host.engine.run('CUSTOMER', { full: true });
    await lock.released;
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(job).toMatchObject({ inserted: 3, failed: 0, message: null });
    expect((await host.orm.em.fork().find('Customer', {})).length).toBe(3);
  });

  it('without a busy timeout the same run fails at once with SQLITE_BUSY (what the timeout prevents)', async () => {
    const { host, file } = await hostOnFile(0);
    const lock = await holdWriteLock(file, 1_000);
    cleanups.push(lock.close);
    await expect(host.engine.run('CUSTOMER', { full: true })).rejects.toThrow(/SQLITE_BUSY/);
    await lock.released;
  });
});
