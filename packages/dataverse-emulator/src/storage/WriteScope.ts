import type Database from 'better-sqlite3';

/** What undoes an operation's first write when that write was an insert made without a savepoint. */
interface InsertUndo {
  remove: Database.Statement;
  id: string;
}

/** The operation running in a scope: whether its savepoint is open, and what its writes so far need undone. */
interface Frame {
  savepoint: boolean;
  writes: number;
  undoInsert?: InsertUndo;
}

/**
 * The savepoint of one `$batch` operation outside a change set, opened lazily (issue 8): an operation that fails is
 * rolled back alone, exactly as when it had its own savepoint from the start, but it pays for one only when it needs
 * one.
 *
 * - An operation that writes nothing (a read, or a write refused before its first write: a duplicate id, a bad
 *   payload, a missing row) opens none: there is nothing to undo.
 * - A first write that is an insert opens none either. SQLite undoes a statement that fails by itself, and one that
 *   succeeded is undone by deleting the row it inserted — the same rows as a rollback leaves (row versions are handed
 *   out by the database object and skipped either way, the tombstones only record deletes through the API). A create
 *   is one insert: the savepoint and the copies of every page it changes into the savepoint's journal are saved.
 * - Any other write, or a second write, opens the savepoint first; a failure rolls back to it (and then deletes the
 *   row of a first insert).
 *
 * Storage calls `beforeWrite`/`beforeInsert` before it changes anything; outside `run` they do nothing (a top-level
 * request has its own transaction, a change set its savepoint).
 */
export class WriteScope {
  private frame?: Frame;
  /** Savepoints opened by operations (for tests and measurements: creates open none). */
  savepointsOpened = 0;
  /**
   * Grows whenever rows may have gone away — a delete, a rollback — or another connection may have written (a
   * transaction began or ended): what storage remembers of rows that exist holds only while it stays the same.
   */
  removals = 0;
  private control?: { savepoint: Database.Statement; release: Database.Statement; rollbackTo: Database.Statement };

  constructor(private readonly db: Database.Database) {}

  /**
   * Runs one operation inside the open transaction: everything it wrote is undone when `work` throws (the caller turns
   * an error answer into a throw), and kept otherwise.
   */
  run<A, T>(work: (argument: A) => T, argument: A): T {
    if (this.frame) this.openSavepoint(this.frame); // an operation inside an operation: the outer one's savepoint covers both
    const outer = this.frame;
    const frame: Frame = { savepoint: false, writes: 0 };
    this.frame = frame;
    try {
      const result = work(argument);
      if (frame.savepoint) this.statements().release.run();
      return result;
    } catch (error) {
      // SQLite may have rolled the whole transaction back already (SQLITE_FULL, an interrupted commit).
      if (this.db.inTransaction) this.undo(frame);
      throw error;
    } finally {
      this.frame = outer;
    }
  }

  /**
   * Before an insert of row `id` by `remove` (the table's delete-by-id statement): the first write of an operation
   * needs no savepoint; call `inserted` once the statement ran.
   */
  beforeInsert(remove: Database.Statement, id: string): InsertUndo | undefined {
    const frame = this.frame;
    if (!frame) return undefined;
    if (frame.savepoint || frame.writes > 0) {
      this.beforeWrite();
      return undefined;
    }
    frame.writes += 1;
    return { remove, id };
  }

  /** The insert `beforeInsert` allowed without a savepoint succeeded: a failure of its operation deletes the row. */
  inserted(undo: InsertUndo): void {
    if (this.frame) this.frame.undoInsert = undo;
  }

  /** Before any write other than a first insert: the operation's savepoint is opened if it is not yet. */
  beforeWrite(): void {
    const frame = this.frame;
    if (!frame) return;
    frame.writes += 1;
    if (!frame.savepoint) this.openSavepoint(frame);
  }

  /** Before a nested transaction (a savepoint of its own) inside an operation: the operation's savepoint comes first. */
  beforeNested(): void {
    if (this.frame && !this.frame.savepoint) this.openSavepoint(this.frame);
  }

  private openSavepoint(frame: Frame): void {
    if (frame.savepoint) return;
    this.statements().savepoint.run();
    frame.savepoint = true;
    this.savepointsOpened += 1;
  }

  private undo(frame: Frame): void {
    this.removals += 1;
    const control = this.statements();
    if (frame.savepoint) {
      control.rollbackTo.run();
      control.release.run();
    }
    if (frame.undoInsert) frame.undoInsert.remove.run(frame.undoInsert.id);
  }

  private statements(): { savepoint: Database.Statement; release: Database.Statement; rollbackTo: Database.Statement } {
    return (this.control ??= {
      savepoint: this.db.prepare('SAVEPOINT "emulator_operation"'),
      release: this.db.prepare('RELEASE "emulator_operation"'),
      rollbackTo: this.db.prepare('ROLLBACK TO "emulator_operation"'),
    });
  }
}
