import type { Options } from '@mikro-orm/core';

type Done = (error: Error | null, connection: unknown) => void;

/** A pooled SQLite connection as a setup step sees it: node-sqlite3 has both methods, other drivers may lack them. */
export interface SqliteConnection {
  configure?(option: 'busyTimeout', ms: number): void;
  run?(sql: string, callback: (error: Error | null) => void): void;
}

/**
 * MikroORM options whose pool runs `setup` on each new connection (`pool.afterCreate`), then the `afterCreate` the
 * options had already: Tandem's steps compose, and one of yours still runs after them.
 */
export function withConnectionSetup<O extends Partial<Options>>(
  options: O,
  setup: (connection: SqliteConnection, next: (error: Error | null) => void) => void,
): O {
  const pool = (options.pool ?? {}) as { afterCreate?: (connection: unknown, done: Done) => void };
  const afterCreate = pool.afterCreate;
  return {
    ...options,
    pool: {
      ...pool,
      afterCreate: (connection: SqliteConnection, done: Done) => {
        setup(connection, (error) => (error ? done(error, connection) : afterCreate ? afterCreate(connection, done) : done(null, connection)));
      },
    },
  };
}
