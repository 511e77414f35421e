import { compareCursors, type Cursor } from '../model/Cursor';
import { sourceSide, type SyncDirection } from '../model/Direction';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import { cursorColumns, type StoredCursor } from '../state/MappingState';
import { couplingIdField, fromStoredCursor } from '../state/StateStore';
import { ReadHorizon } from './ReadHorizon';
import type { PageOptions } from './RecordWork';
import type { SyncEnvironment } from './SyncEnvironment';

/** How many failed records one pass retries first, at most. */
const RETRY_LIMIT = 10_000;

/** Where a pass starts, from the mapping state (one read). */
export interface PassStart {
  /** Full sync (asked for, or an unfinished one continued): every record compared, uncoupled ones created or matched. */
  full: boolean;
  /** The unfinished full sync of this direction as stored (`FULL_SYNC_STARTED` before its first page), or null. */
  unfinished: StoredCursor | null;
  /** The last committed page of an unfinished full sync: the change stream continues after it. */
  resumeAt?: Cursor;
  /** The watermark of a regular pass (none in a full sync): the last row the previous passes took. */
  watermark?: Cursor;
  /** Every row at or before this was seen by the previous passes: a regular pass reads right after it (`ReadHorizon`). */
  seenThrough?: Cursor;
}

/**
 * A full sync that did not reach its end (a crash, a stop request) is continued by the next run of this direction,
 * full or not, from its last committed page: a regular run never takes it for finished.
 */
export async function passStart(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, requestedFull: boolean): Promise<PassStart> {
  const state = await env.state.mappingState(mapping.name);
  const columns = cursorColumns(direction);
  const unfinished = state?.[columns.fullSync] ?? null;
  const full = requestedFull || unfinished !== null;
  const resumeAt = unfinished && unfinished.modifiedOn !== '' ? fromStoredCursor(unfinished) : undefined;
  const stored = full ? undefined : state?.[columns.cursor];
  const watermark = fromStoredCursor(stored);
  const seenThrough = fromStoredCursor(stored?.seenThrough);
  return { full, unfinished, ...(resumeAt ? { resumeAt } : {}), ...(watermark ? { watermark } : {}), ...(seenThrough ? { seenThrough } : {}) };
}

/** Whether the pass reached the end of its change stream or was stopped between pages. */
export type PassEnd = 'end' | 'stopped';

/**
 * The pages of one pass, in the order a pass takes them, handed to `onPage` one at a time: failed and pending records
 * first (by id), then the rows changed after what the previous passes are sure to have seen (`seenThrough`; without
 * it the watermark minus the overlap window; or after `resumeAt`), without the retried ones. Each page of the change
 * stream carries the cursor to store with it, once past the old watermark.
 * `runPass` writes the pages; the dry run (`planPass`) only decides them — both read exactly the same rows.
 */
export async function readPassPages(
  env: SyncEnvironment,
  mapping: TableMapping,
  direction: SyncDirection,
  start: PassStart,
  onPage: (rows: readonly Row[], options: PageOptions) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<PassEnd> {
  const { full } = start;
  const from = sourceSide(direction);
  const store = env.stores[from];
  const table = from === 'business' ? mapping.businessTable : mapping.integrationTable;
  const filter = from === 'business' ? mapping.businessFilter : mapping.integrationFilter;
  const allowCreate = full || !mapping.syncOnlyCoupled;

  const retried = new Set<string>();
  const toRetry = (await env.state.couplingsToRetry(mapping.name, direction, RETRY_LIMIT))
    .map((c) => c[couplingIdField(from)])
    .filter((id): id is string => !!id);
  for (let i = 0; i < toRetry.length; i += mapping.pageSize) {
    if (shouldStop()) return 'stopped';
    const ids = toRetry.slice(i, i + mapping.pageSize);
    ids.forEach((id) => retried.add(id));
    await onPage(await store.getByIds(table, ids), { force: full, allowCreate });
  }

  const saved = start.watermark;
  // Right after what the previous passes are sure to have seen; a watermark stored without that (a store that does
  // not say when it read, or state from before) re-reads the overlap window below it.
  let after: Cursor | undefined = start.seenThrough
    ?? (saved ? { modifiedOn: new Date(saved.modifiedOn.getTime() - mapping.overlapMs), id: '' } : start.resumeAt);
  const horizon = new ReadHorizon(mapping.overlapMs);
  let stored: { cursor?: Cursor; seenThrough?: Cursor } = { ...(saved ? { cursor: saved } : {}), ...(start.seenThrough ? { seenThrough: start.seenThrough } : {}) };
  // Rows the integration identity modified last are our own writes: leave them out of every incremental
  // fromIntegration pass, one-way or bidirectional (BC applies its modified-by filter whenever the integration side
  // is the source). Only the CRM side: its service stamps modified-by on every write, while an ERP may not.
  const excludeModifiedBy = direction === 'fromIntegration' && !full ? await store.identity() : undefined;
  for (;;) {
    if (shouldStop()) return 'stopped';
    const { rows, readAt } = await store.readChanged(table, {
      ...(after ? { after } : {}), ...(filter ? { filter } : {}), limit: mapping.pageSize,
      ...(excludeModifiedBy !== undefined ? { excludeModifiedBy } : {}),
    });
    const reachedEnd = rows.length < mapping.pageSize;
    const lastRow = rows[rows.length - 1];
    const last = lastRow ? { modifiedOn: lastRow.modifiedOn, id: lastRow.id } : undefined;
    horizon.observe(after, last, reachedEnd, readAt);
    const readTo = last ?? after;
    if (!readTo) break;
    after = readTo;
    // The watermark moves once the pass is past the old one. What is sure to have been seen is stored with the
    // stream's end (a pass that only re-read rows below the watermark commits it once, an empty page if need be).
    const cursor = saved && compareCursors(readTo, saved) < 0 ? saved : readTo;
    const seenThrough = horizon.seenThrough(cursor);
    const cursorMoved = !stored.cursor || compareCursors(cursor, stored.cursor) > 0;
    const seenFurther = !!seenThrough && (!stored.seenThrough || compareCursors(seenThrough, stored.seenThrough) > 0);
    const moved = cursorMoved || (reachedEnd && seenFurther);
    if (last || moved) {
      await onPage(retried.size > 0 ? rows.filter((r) => !retried.has(r.id)) : rows, {
        force: full, allowCreate, ...(saved ? { windowStart: saved.modifiedOn } : {}),
        ...(moved ? { cursor, fullSync: full, ...(seenThrough ? { seenThrough } : {}) } : {}),
      });
    }
    if (moved) stored = { cursor, ...(seenThrough ? { seenThrough } : {}) };
    if (reachedEnd) break;
  }
  return 'end';
}
