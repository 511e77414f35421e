import { earlierCursor, laterCursor, type Cursor } from '../model/Cursor';

/**
 * How far one pass's reads of the change stream are sure to be complete, so the next pass need not read the overlap
 * window again.
 *
 * The overlap window exists because a row can commit a little after the moment it was stamped: a read may pass over
 * a stamp whose row is not visible yet. The window's assumption is that every row commits within `overlapMs` of its
 * stamp. A store that says when it read (`RowPage.readAt`, by the clock that stamps its rows) lets the engine apply
 * that assumption exactly: a row stamped at or before `readAt - overlapMs` was committed before that read, so if the
 * read covered its position, the row was seen. Only rows stamped later than that, inside a range a read covered, may
 * have been missed; the first such position is the horizon, and the next pass starts there rather than at the last
 * row minus the window. When nothing changed for longer than the window, the horizon is the last row itself and the
 * next pass reads nothing twice — an idle run costs one empty read per side, whatever the table's size.
 *
 * A store that does not say when it read leaves the horizon unknown: the next pass re-reads the window, as before.
 */
export class ReadHorizon {
  readonly #overlapMs: number;
  /** The first position that may hide a row committed after the read that covered it. */
  #firstUnsure: Cursor | undefined;
  #unknown = false;

  constructor(overlapMs: number) {
    this.#overlapMs = overlapMs;
  }

  /**
   * One read of the change stream: it started after `from` (or at the beginning), returned rows up to `last` (none:
   * `undefined`), and `reachedEnd` when it returned fewer rows than asked, so it covered everything after `from`.
   */
  observe(from: Cursor | undefined, last: Cursor | undefined, reachedEnd: boolean, readAt: Date | undefined): void {
    if (!readAt) {
      this.#unknown = true;
      return;
    }
    const sure = readAt.getTime() - this.#overlapMs;
    const coversUnsureStamps = reachedEnd || (last !== undefined && last.modifiedOn.getTime() > sure);
    if (!coversUnsureStamps) return;
    const candidate = laterCursor(from, { modifiedOn: new Date(sure), id: '' })!;
    this.#firstUnsure = earlierCursor(candidate, this.#firstUnsure);
  }

  /**
   * The position the next pass may start right after, once the pass has committed everything up to `last`: every
   * row at or before it has been seen. `undefined` when a read did not say when it read.
   */
  seenThrough(last: Cursor): Cursor | undefined {
    if (this.#unknown) return undefined;
    return earlierCursor(last, this.#firstUnsure);
  }
}
