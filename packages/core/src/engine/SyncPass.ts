import { randomUUID } from 'node:crypto';
import { callSeries } from '../hooks/callHooks';
import { compareCursors, type Cursor } from '../model/Cursor';
import { sourceSide, type SyncDirection } from '../model/Direction';
import type { TableMapping } from '../model/TableMapping';
import { errorMessage } from '../errors/TandemError';
import { storedErrorText } from '../errors/storedErrorText';
import { cursorColumns, FULL_SYNC_STARTED } from '../state/MappingState';
import { couplingIdField, fromStoredCursor } from '../state/StateStore';
import { emptyCounters, type SyncJob, type SyncJobType } from '../state/SyncJob';
import { OptionTranslator } from './OptionTranslator';
import { PagePipeline } from './PagePipeline';
import type { SyncEnvironment } from './SyncEnvironment';

/** How many failed records one pass retries first, at most. */
const RETRY_LIMIT = 10_000;

export function newJob(mapping: TableMapping, direction: SyncDirection, type: SyncJobType): SyncJob {
  return { id: randomUUID(), mapping: mapping.name, direction, type, startedAt: new Date(), finishedAt: null, message: null, ...emptyCounters() };
}

/** Creates a job row, runs `work`, and finishes the job (with the error's message when it throws). */
export async function withJob(
  env: SyncEnvironment,
  mapping: TableMapping,
  direction: SyncDirection,
  type: SyncJobType,
  work: (job: SyncJob) => Promise<void>,
): Promise<SyncJob> {
  const job = newJob(mapping, direction, type);
  await env.state.insertJob(job);
  try {
    await callSeries(env.hooks.onJobStart, mapping.name, { mapping, direction, job });
    await work(job);
  } catch (error) {
    job.message = storedErrorText(`the job stopped: ${errorMessage(error)}`);
    throw error;
  } finally {
    job.finishedAt = new Date();
    await finishJobRow(env, job);
    await callSeries(env.hooks.onJobEnd, mapping.name, { mapping, direction, job });
  }
  return job;
}

/**
 * Finishes the job row whatever happened: when writing it fails (for example, a message the database refuses), the
 * row is finished again with only the stamp and a short note, so that no job stays unfinished.
 */
async function finishJobRow(env: SyncEnvironment, job: SyncJob): Promise<void> {
  try {
    await env.state.finishJob(job);
  } catch (error) {
    job.message = storedErrorText(`the job stopped; its result could not be stored: ${errorMessage(error)}`, 500);
    await env.state.finishJob(job);
  }
}

export interface PassOptions {
  /** Full sync: from the beginning, every record compared, uncoupled records created or matched. */
  full?: boolean;
  /** Checked between pages: once aborted, the pass ends after the page it is on, and its job says it was stopped. */
  signal?: AbortSignal;
}

/** The message of a job that a stop request ended between pages. */
export const STOPPED_MESSAGE = 'stopped on request after a committed page; the next run continues from the watermark';

/**
 * One pass of a mapping in one direction: failed and pending records first, then the rows changed since the
 * watermark (minus the overlap window), page by page. The watermark moves with each committed page and never back.
 */
export async function runPass(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, options: PassOptions = {}): Promise<SyncJob> {
  return withJob(env, mapping, direction, 'synchronization', async (job) => {
    const from = sourceSide(direction);
    const store = env.stores[from];
    const table = from === 'business' ? mapping.businessTable : mapping.integrationTable;
    const filter = from === 'business' ? mapping.businessFilter : mapping.integrationFilter;
    const state = await env.state.mappingState(mapping.name);
    const columns = cursorColumns(direction);
    // A full sync that did not reach its end (a crash, a stop request) is continued by the next run of this
    // direction, full or not, from its last committed page: a regular run never takes it for finished.
    const unfinished = state?.[columns.fullSync] ?? null;
    const full = !!options.full || unfinished !== null;
    const resumeAt = unfinished && unfinished.modifiedOn !== '' ? fromStoredCursor(unfinished) : undefined;
    if (full && !unfinished) await env.state.setFullSyncProgress(mapping.name, direction, FULL_SYNC_STARTED);
    if (unfinished) job.message = resumeAt ? `continued an unfinished full sync after ${unfinished.modifiedOn} / ${unfinished.id}` : 'continued an unfinished full sync from the start';
    const allowCreate = full || !mapping.syncOnlyCoupled;
    const pipeline = new PagePipeline(env, mapping, direction, job, await OptionTranslator.load(env.state, mapping.fields));

    const retried = new Set<string>();
    const toRetry = (await env.state.couplingsToRetry(mapping.name, direction, RETRY_LIMIT))
      .map((c) => c[couplingIdField(from)])
      .filter((id): id is string => !!id);
    // Between pages: a stop request ends the pass here; the watermark is the last committed page's.
    const stopped = () => {
      if (!options.signal?.aborted) return false;
      job.message = STOPPED_MESSAGE;
      return true;
    };
    for (let i = 0; i < toRetry.length; i += mapping.pageSize) {
      if (stopped()) return;
      const ids = toRetry.slice(i, i + mapping.pageSize);
      ids.forEach((id) => retried.add(id));
      await pipeline.process(await store.getByIds(table, ids), { force: full, allowCreate });
    }

    const saved = full ? undefined : fromStoredCursor(state?.[columns.cursor]);
    let after: Cursor | undefined = saved ? { modifiedOn: new Date(saved.modifiedOn.getTime() - mapping.overlapMs), id: '' } : resumeAt;
    // Rows the integration identity modified last are our own writes: leave them out of every incremental
    // fromIntegration pass, one-way or bidirectional (BC applies its modified-by filter whenever the integration side
    // is the source). Only the CRM side: its service stamps modified-by on every write, while an ERP may not.
    const excludeModifiedBy = direction === 'fromIntegration' && !full ? await store.identity() : undefined;
    for (;;) {
      if (stopped()) return;
      const { rows } = await store.readChanged(table, {
        ...(after ? { after } : {}), ...(filter ? { filter } : {}), limit: mapping.pageSize,
        ...(excludeModifiedBy !== undefined ? { excludeModifiedBy } : {}),
      });
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!;
      after = { modifiedOn: last.modifiedOn, id: last.id };
      const cursor = saved && compareCursors(after, saved) < 0 ? undefined : after;
      await pipeline.process(rows.filter((r) => !retried.has(r.id)), {
        force: full, allowCreate, ...(saved ? { windowStart: saved.modifiedOn } : {}), ...(cursor ? { cursor, fullSync: full } : {}),
      });
      if (rows.length < mapping.pageSize) break;
    }
    // The end is reached: the full sync is finished (a stop request returned above and leaves it to continue).
    if (full) await env.state.setFullSyncProgress(mapping.name, direction, null);
  });
}
