import type { Cursor } from '../model/Cursor';
import type { Row } from '../model/Row';
import type { Coupling } from '../state/Coupling';
import type { WriteOperation, WriteResult } from '../stores/TableStore';

/** How a page is to be treated. */
export interface PageOptions {
  /** Skip change detection: every record is compared, and written where it differs (full sync, manual sync). */
  force: boolean;
  /** Uncoupled records may create or match their counterpart (syncOnlyCoupled off, full sync, manual sync). */
  allowCreate: boolean;
  /** Unchanged rows stamped at or before this are overlap re-reads of the previous run: passed over, uncounted. */
  windowStart?: Date;
  /** The watermark to store with the page's state: the last row taken. */
  cursor?: Cursor;
  /** Stored with the watermark: every row at or before it has been seen, the next pass reads right after it. */
  seenThrough?: Cursor;
  /** The page belongs to a full sync: its cursor is also the full sync's progress. */
  fullSync?: boolean;
}

/**
 * Why a record stopped before it was written. The stages only record this; the record's outcome is decided in one
 * place, when the page settles (`PageSettlement`).
 */
export type Halt =
  /** Skipped: a parked coupling, a veto, or a conflict decided as "skip". */
  | 'skip'
  /** Not taken part: a post-filter tap, an uncoupled row in a coupled-only run, an overlap re-read. */
  | 'ignore'
  /** Compared and nothing to write. */
  | 'unchanged'
  /** The coupling is to be removed (deletion conflict decided as "remove coupling"). */
  | 'uncouple';

/** One record's way through a page. */
export interface RecordWork {
  source: Row;
  coupling?: Coupling;
  destination?: Row;
  /** The counterpart was found now (hook, match, or a create retried after a crash): it is coupled by this page. */
  newlyCoupled: boolean;
  proposedId?: string;
  action?: 'insert' | 'modify';
  /** The destination values to write; for an unchanged record, set once it was compared field by field. */
  changes?: Record<string, unknown>;
  /** Destination fields with changes of their own that were left alone (they flow back on the reverse pass). */
  kept: string[];
  operation?: WriteOperation;
  result?: Extract<WriteResult, { ok: true }>;
  halt?: Halt;
  error?: Error;
}

export function newWork(source: Row, coupling: Coupling | undefined): RecordWork {
  // Every property there from the start, in one order (the ones not known yet undefined): each record keeps one
  // shape as the stages fill it in, so the engine's per-record functions stay optimized. Added one by one, in the
  // order each record's way took, the works of a page had many shapes, and V8 dropped and recompiled those functions.
  return {
    source, coupling, destination: undefined, newlyCoupled: false, proposedId: undefined, action: undefined,
    changes: undefined, kept: [], operation: undefined, result: undefined, halt: undefined, error: undefined,
  };
}

/** Still on its way: not halted, not failed. */
export function isOpen(work: RecordWork): boolean {
  return !work.halt && !work.error;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
