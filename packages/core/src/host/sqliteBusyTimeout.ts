import type { Options } from '@mikro-orm/core';
import { withConnectionSetup } from './sqliteConnectionSetup';

/** The default SQLite busy timeout: how long a statement waits for another connection's write lock. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * MikroORM SQLite options whose connections wait up to `ms` for a lock another connection holds (an ERP writing
 * for a few seconds) instead of failing at once with SQLITE_BUSY. A `pool.afterCreate` you set still runs.
 */
export function withSqliteBusyTimeout<O extends Partial<Options>>(options: O, ms = DEFAULT_BUSY_TIMEOUT_MS): O {
  return withConnectionSetup(options, (connection, next) => {
    if (typeof connection.configure === 'function') {
      connection.configure('busyTimeout', ms); // node-sqlite3
      next(null);
    } else if (typeof connection.run === 'function') {
      connection.run(`PRAGMA busy_timeout = ${Math.floor(ms)}`, next);
    } else {
      next(null);
    }
  });
}
