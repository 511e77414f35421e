import type Database from 'better-sqlite3';
import type { StoredRow } from './RowStatement';
import type { WriteScope } from './WriteScope';

/**
 * What one table remembers of its rows inside one transaction (a `$batch` of writes): ids found to exist, and rows read
 * by a few columns (`TableStorage.get(id, columns)`, a currency's rate). A batch of 1 000 creates binds the same owners
 * and currency and reads the same rate 1 000 times; each is now asked of SQLite once.
 *
 * Memory holds only while nothing could have made it wrong: it is forgotten when a row may have gone away or changed
 * anywhere — a delete, a rollback, a transaction beginning or ending (`WriteScope.removals`) — and its reads when a row
 * of its own table is updated. Outside a transaction nothing is remembered: another connection may write between two
 * statements. Remembered rows are shared: callers never change them.
 */
export class RowMemo {
  private readonly existing = new Set<string>();
  private readonly reads = new Map<string, StoredRow>();
  private at = -1;

  constructor(
    private readonly db: Database.Database,
    private readonly writes: WriteScope | undefined,
  ) {}

  knownToExist(id: string): boolean {
    return this.current() && this.existing.has(id);
  }

  rememberExisting(id: string): void {
    if (this.current()) this.existing.add(id);
  }

  /** A row read before by the same columns (`key`) and id. */
  read(key: string, id: string): StoredRow | undefined {
    return this.current() ? this.reads.get(`${key}\u0001${id}`) : undefined;
  }

  rememberRead(key: string, id: string, row: StoredRow): void {
    if (this.current()) this.reads.set(`${key}\u0001${id}`, row);
  }

  /** A row of this table was updated: what was read of its rows may be stale. */
  updated(): void {
    this.reads.clear();
  }

  /** Whether memory may be used now; forgets everything when a row may have gone away or changed since. */
  private current(): boolean {
    if (!this.writes || !this.db.inTransaction) return false;
    if (this.at !== this.writes.removals) {
      this.existing.clear();
      this.reads.clear();
      this.at = this.writes.removals;
    }
    return true;
  }
}
