import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { EntityCatalog } from '../metadata/EntityModel';
import { TableStorage } from './TableStorage';
import { WriteScope } from './WriteScope';

/** How long a statement waits for a lock held by another connection (another process on the same file). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** The page size of a new database file, in bytes. */
export const PAGE_SIZE = 8192;

/**
 * The emulator's SQLite database: one `TableStorage` per served table and the global row-version counter
 * (Dataverse's `versionnumber` is a database-wide rowversion, so ETags grow across tables too).
 *
 * The connection has a busy timeout: when another process holds the file's write lock, a statement waits up to
 * `busyTimeoutMs` instead of failing at once with `SQLITE_BUSY`. Write transactions start with `BEGIN IMMEDIATE`, so
 * they wait for the lock up front rather than failing when a read turns into a write.
 */
export class EmulatorDatabase {
  readonly db: Database.Database;
  /** The lazy savepoints of `$batch` operations (`operation`). */
  readonly writes: WriteScope;
  private readonly tables = new Map<string, TableStorage>();
  private version = 0;
  private insertTombstone?: Database.Statement;
  private control?: TransactionStatements;

  constructor(
    file: string,
    catalog: EntityCatalog,
    readonly busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS,
  ) {
    if (file !== ':memory:' && !file.startsWith('file:')) mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: busyTimeoutMs });
    if (file !== ':memory:') {
      // A new file gets pages of 8 KiB (SQLite's default is 4): a commit's cost is mostly per page it writes to the log,
      // and a `$batch` of 1 000 creates changes pages all over the id and name indexes (random keys), so half as many
      // pages made committing one about twice as cheap; one write's commit costs about a tenth more. A file that exists
      // keeps its page size (SQLite applies the setting only before the first table is made).
      this.db.pragma(`page_size = ${PAGE_SIZE}`);
      this.db.pragma('journal_mode = WAL');
      // A checkpoint every 10 000 pages (≈ 40 MiB of log) instead of SQLite's 1 000: each one syncs the file, and a
      // run of single writes checkpointed every few dozen commits. Commits are as durable as before (same `synchronous`).
      this.db.pragma('wal_autocheckpoint = 10000');
    }
    this.db.pragma('synchronous = NORMAL');
    this.writes = new WriteScope(this.db);
    // Savepoints (one per change set, and per operation outside one in a `$batch` that needs one: `WriteScope`) copy
    // each page they change into a sub-journal; in a temporary file that cost most of an insert's time, in memory it is
    // a copy.
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS "emulator_tombstone" ("logicalname" TEXT NOT NULL, "id" TEXT NOT NULL, "versionnumber" INTEGER NOT NULL, "deletedon" TEXT NOT NULL, PRIMARY KEY ("logicalname", "versionnumber"))',
    );
    const tombstones = this.db.prepare('SELECT MAX("versionnumber") AS v FROM "emulator_tombstone"').get() as { v: number | null };
    this.version = tombstones.v ?? 0;
    for (const model of catalog.models) {
      const storage = new TableStorage(this.db, model, this.writes);
      storage.ensureSchema();
      this.tables.set(model.logicalName, storage);
      this.version = Math.max(this.version, storage.maxVersion());
    }
  }

  table(logicalName: string): TableStorage {
    const storage = this.tables.get(logicalName);
    if (!storage) throw new Error(`No storage for table '${logicalName}'`);
    return storage;
  }

  hasTable(logicalName: string): boolean {
    return this.tables.has(logicalName);
  }

  /** The next row version; numbers used by a rolled-back change set are simply skipped. */
  nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  /** The last row version handed out. */
  currentVersion(): number {
    return this.version;
  }

  /** Remembers a deleted row for change tracking (`$deletedEntity` entries of delta reads). */
  recordDeletion(logicalName: string, id: string, deletedOn: string): void {
    this.writes.beforeWrite();
    this.insertTombstone ??= this.db.prepare('INSERT INTO "emulator_tombstone" ("logicalname", "id", "versionnumber", "deletedon") VALUES (?, ?, ?, ?)');
    this.insertTombstone.run(logicalName, id, this.nextVersion(), deletedOn);
  }

  /** Rows of a table deleted after version `from` up to version `to`, oldest first. */
  deletedBetween(logicalName: string, from: number, to: number): { id: string; versionnumber: number }[] {
    return this.db
      .prepare('SELECT "id", "versionnumber" FROM "emulator_tombstone" WHERE "logicalname" = ? AND "versionnumber" > ? AND "versionnumber" <= ? ORDER BY "versionnumber"')
      .all(logicalName, from, to) as { id: string; versionnumber: number }[];
  }

  /**
   * Runs `work` in one SQLite write transaction (`BEGIN IMMEDIATE`): everything or nothing. Nested calls become
   * savepoints. This is what better-sqlite3's `db.transaction(work).immediate()` does, with its statements prepared
   * once: that one builds four wrapper functions per call, and a `$batch` makes a savepoint per operation.
   */
  transaction<T>(work: () => T): T {
    const control = (this.control ??= prepareTransactionStatements(this.db));
    const nested = this.db.inTransaction;
    if (nested) this.writes.beforeNested();
    else this.writes.removals += 1;
    (nested ? control.savepoint : control.begin).run();
    try {
      const result = work();
      (nested ? control.release : control.commit).run();
      if (!nested) this.writes.removals += 1;
      return result;
    } catch (error) {
      this.writes.removals += 1;
      // SQLite may have rolled the whole transaction back already (SQLITE_FULL, an interrupted commit).
      if (this.db.inTransaction) {
        if (nested) {
          control.rollbackTo.run();
          control.release.run();
        } else {
          control.rollback.run();
        }
      }
      throw error;
    }
  }

  /**
   * Runs one write operation: inside an open transaction (a `$batch`) with a savepoint opened only if it needs one
   * (`WriteScope`), else in a transaction of its own. Either way, what it wrote is undone when `work` throws.
   */
  operation<A, T>(work: (argument: A) => T, argument: A): T {
    return this.db.inTransaction ? this.writes.run(work, argument) : this.transaction(() => work(argument));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface TransactionStatements {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}

function prepareTransactionStatements(db: Database.Database): TransactionStatements {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT "emulator_write"'),
    release: db.prepare('RELEASE "emulator_write"'),
    rollbackTo: db.prepare('ROLLBACK TO "emulator_write"'),
  };
}

/** True for SQLite's "the file is locked by another connection" errors (after the busy timeout ran out). */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}
