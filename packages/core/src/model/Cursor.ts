import type { RowId } from './Row';

/**
 * A position in a table's change stream: rows are ordered by (modified-on, id), so many rows that share one
 * modified-on still page without loss or repetition. Never only a timestamp.
 */
export interface Cursor {
  modifiedOn: Date;
  id: RowId;
}

/** Orders two cursors: negative when `a` comes first. */
export function compareCursors(a: Cursor, b: Cursor): number {
  const byTime = a.modifiedOn.getTime() - b.modifiedOn.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The later of two cursors (either may be missing). */
export function laterCursor(a: Cursor | undefined, b: Cursor | undefined): Cursor | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareCursors(a, b) >= 0 ? a : b;
}

/** The earlier of two cursors (either may be missing). */
export function earlierCursor(a: Cursor | undefined, b: Cursor | undefined): Cursor | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareCursors(a, b) <= 0 ? a : b;
}
