/** A prepared statement of node-sqlite3 (the driver of knex's `sqlite3` dialect). */
interface Sqlite3Statement {
  all(params: readonly unknown[], done: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  run(params: readonly unknown[], done: (this: { changes: number }, error: Error | null) => void): void;
  finalize(done?: () => void): void;
}

/** A node-sqlite3 `Database`: one connection. */
export interface Sqlite3Database {
  /** `done` gets the error when the statement does not compile (some versions also call it with null when it does). */
  prepare(sql: string, done: (error: Error | null) => void): Sqlite3Statement;
  close(done?: (error: Error | null) => void): void;
}

interface Prepared {
  statement: Sqlite3Statement;
  /** Why SQLite could not compile the statement, once known. */
  failed?: Error;
  /** The calls waiting on the statement: node-sqlite3 drops them, unanswered, when its compilation fails. */
  waiting: Set<(error: Error) => void>;
}

/**
 * Statements kept per connection. A page writes and reads with the same few statements, each with hundreds of `?`:
 * compiling one (`new Statement`, SQLite's parser) cost about as much as running it. Bounded: a page's tail has a
 * row count of its own, and the least recently used statement is let go when a new one would pass the bound.
 */
const PER_CONNECTION = 24;
const caches = new WeakMap<Sqlite3Database, Map<string, Prepared>>();

function cacheOf(db: Sqlite3Database): Map<string, Prepared> {
  const cache = caches.get(db);
  if (cache) return cache;
  const statements = new Map<string, Prepared>();
  caches.set(db, statements);
  // SQLite does not close a connection that still has statements (SQLITE_BUSY): they go first.
  const close = db.close;
  db.close = function (this: Sqlite3Database, done?: (error: Error | null) => void) {
    for (const { statement } of statements.values()) statement.finalize();
    statements.clear();
    return close.call(this, done);
  };
  return statements;
}

function prepared(db: Sqlite3Database, sql: string): Prepared {
  const cache = cacheOf(db);
  const found = cache.get(sql);
  if (found) {
    // Most recently used last: a Map keeps insertion order, so the first entry is the one to let go.
    cache.delete(sql);
    cache.set(sql, found);
    return found;
  }
  const entry: Prepared = { waiting: new Set() } as unknown as Prepared;
  // When the compilation fails, node-sqlite3 never answers the calls queued on the statement: they fail here.
  entry.statement = db.prepare(sql, (error) => {
    if (!error) return;
    entry.failed = error;
    if (cache.get(sql) === entry) cache.delete(sql);
    for (const fail of entry.waiting) fail(error);
    entry.waiting.clear();
  });
  cache.set(sql, entry);
  if (cache.size > PER_CONNECTION) {
    const [oldest, evicted] = cache.entries().next().value as [string, Prepared];
    cache.delete(oldest);
    // Queued behind the calls already scheduled on it; no call is scheduled on it later (see `runPrepared`).
    evicted.statement.finalize();
  }
  return entry;
}

/**
 * Runs `sql` on a node-sqlite3 connection with a statement compiled once per connection. The connection runs the
 * statement wherever it is: inside its open transaction or savepoint, if any. `all` gives the rows, `run` the number
 * of rows changed. Errors are the driver's, as its `all` / `run` give them (or its compilation error).
 */
export function runPrepared(db: Sqlite3Database, sql: string, params: readonly unknown[], method: 'all' | 'run'): Promise<Record<string, unknown>[] | number> {
  // The statement is looked up and scheduled in one synchronous step: it cannot be let go in between.
  const entry = prepared(db, sql);
  return new Promise<Record<string, unknown>[] | number>((resolve, reject) => {
    if (entry.failed) return reject(entry.failed);
    entry.waiting.add(reject);
    const settle = (error: Error | null, result: Record<string, unknown>[] | number) => {
      entry.waiting.delete(reject);
      if (error) reject(error);
      else resolve(result);
    };
    if (method === 'all') entry.statement.all(params, (error, rows) => settle(error, rows));
    else entry.statement.run(params, function (error) { settle(error, error ? 0 : this.changes); });
  });
}
