import type { Options } from '@mikro-orm/core';
import { withConnectionSetup } from './sqliteConnectionSetup';

/** The name of the read connection among MikroORM's replicas (`em.getConnection('read')`). */
export const SQLITE_READ_CONNECTION = 'tandem-read';

/**
 * Whether a SQLite `dbName` names a file on disk: a second connection to an in-memory database (`:memory:`, an empty
 * name, or a `file:` URI with `mode=memory`) would open another, empty, database.
 */
export function isSqliteFile(dbName: unknown): dbName is string {
  return typeof dbName === 'string' && dbName !== '' && dbName !== ':memory:' && !/^file::memory:|^file:.*[?&]mode=memory\b/.test(dbName);
}

/**
 * MikroORM SQLite options with a second connection to the same file that Tandem's own reads outside a transaction
 * use (coupling lookups, the business store's reads by id and page), and the file in WAL mode, where a reader sees
 * the last committed state without waiting for a write transaction. With one connection a page's coupling lookups
 * waited for the page before to commit (`OverlappingPages`). Synchronous stays as it is (FULL): a commit is as
 * durable as in the rollback journal. MikroORM's own `em.find` keeps the write connection (`preferReadReplicas:
 * false`). For a file only (`isSqliteFile`); a `pool.afterCreate` you set still runs, after the switch to WAL.
 */
export function withSqliteReadConnection<O extends Partial<Options>>(options: O): O {
  if (!isSqliteFile(options.dbName)) return options;
  const withReplica = { ...options, replicas: [...(options.replicas ?? []), { name: SQLITE_READ_CONNECTION }], preferReadReplicas: false };
  return withConnectionSetup(withReplica, (connection, next) => {
    if (typeof connection.run === 'function') connection.run('PRAGMA journal_mode = WAL', next);
    else next(null);
  });
}
