import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { isSqliteFile, readConnectionType, SQLITE_READ_CONNECTION, withSqliteBusyTimeout, withSqliteReadConnection } from '../src/index';
import { customerMapping, insertCustomers, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
let dir: string | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const journalMode = async (host: TwoDatabases['host']) =>
  ((await host.orm.em.getConnection().execute('PRAGMA journal_mode')) as { journal_mode: string }[])[0]!.journal_mode;

/** One customer synchronized by a full sync, and its coupling read back. */
async function syncOneCustomer(host: TwoDatabases['host']): Promise<void> {
  await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
  await host.engine.fullSync('CUSTOMER');
  expect((await host.state.couplingsBy('CUSTOMER', 'business', ['C0001'])).size).toBe(1);
}

/** What `promise` gave within `ms`, or 'still waiting'. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> =>
  Promise.race([promise, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))]);

describe('SQLite read connection (issue 8)', () => {
  it('a host on a SQLite file puts it in WAL mode, and its reads do not wait for a write transaction under way', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-read-connection-'));
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])], { businessFile: join(dir, 'business.sqlite') });
    expect(await journalMode(db.host)).toBe('wal');
    // Durability as with the rollback journal: FULL (2), a commit is on disk when it returns.
    expect(await db.host.orm.em.getConnection().execute('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    expect(db.host.orm.config.get('replicas')).toEqual([expect.objectContaining({ name: SQLITE_READ_CONNECTION })]);
    expect(readConnectionType(db.host.orm.em)).toBe('read');
    await syncOneCustomer(db.host);

    // A write transaction that removes the coupling, held open until released.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const inside = new Promise<void>((resolve) => (begun = resolve));
    const writing = db.host.state.transaction(async (_transaction, em) => {
      await em.nativeDelete('Coupling', { businessId: 'C0001' });
      begun();
      await held;
    });
    await inside;
    // On one connection this read would wait for the transaction to end.
    const read = await within(db.host.state.couplingsBy('CUSTOMER', 'business', ['C0001']), 2_000);
    release();
    await writing;
    expect(read).toBeInstanceOf(Map);
    expect((read as Map<string, unknown>).size).toBe(1); // the committed state: the delete was not committed yet
    expect((await db.host.state.couplingsBy('CUSTOMER', 'business', ['C0001'])).size).toBe(0);
  });

  it('an in-memory database keeps its one connection (a second one would open another, empty, database)', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    expect(db.host.orm.config.get('replicas') ?? []).toEqual([]);
    expect(await journalMode(db.host)).toBe('memory');
    await syncOneCustomer(db.host);
  });

  it('sqliteReadConnection: false keeps one connection and the file\'s journal mode', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-read-connection-'));
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])], {
      businessFile: join(dir, 'business.sqlite'), sqliteReadConnection: false,
    });
    expect(db.host.orm.config.get('replicas') ?? []).toEqual([]);
    expect(await journalMode(db.host)).toBe('delete');
    await syncOneCustomer(db.host);
  });

  it('an afterCreate of the options still runs on each connection, after the busy timeout and the switch to WAL', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-read-connection-'));
    type Connection = { all(sql: string, done: (error: Error | null, rows: Record<string, unknown>[]) => void): void };
    const seen: Record<string, unknown>[] = [];
    const afterCreate = (connection: Connection, done: (error: Error | null, connection: unknown) => void) =>
      connection.all('select * from pragma_journal_mode(), pragma_busy_timeout()', (error, rows) => {
        seen.push(...rows);
        done(error, connection);
      });
    const options = { dbName: join(dir, 'own.sqlite'), entities: [], discovery: { warnWhenNoEntities: false }, pool: { afterCreate } };
    const orm = await SqliteORM.init(withSqliteBusyTimeout(withSqliteReadConnection(options), 1_234));
    try {
      await orm.em.getConnection('write').execute('select 1');
      await orm.em.getConnection('read').execute('select 1');
      expect(seen).toEqual([{ journal_mode: 'wal', timeout: 1_234 }, { journal_mode: 'wal', timeout: 1_234 }]);
    } finally {
      await orm.close();
    }
  });

  it('isSqliteFile tells files from in-memory databases', () => {
    for (const name of ['/tmp/erp.sqlite', 'erp.sqlite', 'file:/tmp/erp.sqlite']) expect(isSqliteFile(name)).toBe(true);
    for (const name of [':memory:', '', 'file::memory:', 'file::memory:?cache=shared', 'file:erp?mode=memory&cache=shared', undefined]) {
      expect(isSqliteFile(name)).toBe(false);
    }
  });
});
