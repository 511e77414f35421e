import { compareCursors, type Cursor } from '../model/Cursor';
import { sourceSide, type SyncDirection } from '../model/Direction';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import { cursorColumns, type StoredCursor } from '../state/MappingState';
import { couplingIdField, fromStoredCursor } from '../state/StateStore';
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
  /** The watermark of a regular pass (none in a full sync). */
  watermark?: Cursor;
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
  const watermark = full ? undefined : fromStoredCursor(state?.[columns.cursor]);
  return { full, unfinished, ...(resumeAt ? { resumeAt } : {}), ...(watermark ? { watermark } : {}) };
}

/** Whether the pass reached the end of its change stream or was stopped between pages. */
export type PassEnd = 'end' | 'stopped';

/**
 * The pages of one pass, in the order a pass takes them, handed to `onPage` one at a time: failed and pending records
 * first (by id), then the rows changed since the watermark minus the overlap window (or after `resumeAt`), without
 * the retried ones. Each page of the change stream carries the cursor to store with it, once past the old watermark.
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
  let after: Cursor | undefined = saved ? { modifiedOn: new Date(saved.modifiedOn.getTime() - mapping.overlapMs), id: '' } : start.resumeAt;
  // Rows the integration identity modified last are our own writes: leave them out of every incremental
  // fromIntegration pass, one-way or bidirectional (BC applies its modified-by filter whenever the integration side
  // is the source). Only the CRM side: its service stamps modified-by on every write, while an ERP may not.
  const excludeModifiedBy = direction === 'fromIntegration' && !full ? await store.identity() : undefined;
  for (;;) {
    if (shouldStop()) return 'stopped';
    const { rows } = await store.readChanged(table, {
      ...(after ? { after } : {}), ...(filter ? { filter } : {}), limit: mapping.pageSize,
      ...(excludeModifiedBy !== undefined ? { excludeModifiedBy } : {}),
    });
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!;
    after = { modifiedOn: last.modifiedOn, id: last.id };
    const cursor = saved && compareCursors(after, saved) < 0 ? undefined : after;
    await onPage(rows.filter((r) => !retried.has(r.id)), {
      force: full, allowCreate, ...(saved ? { windowStart: saved.modifiedOn } : {}), ...(cursor ? { cursor, fullSync: full } : {}),
    });
    if (rows.length < mapping.pageSize) break;
  }
  return 'end';
}
