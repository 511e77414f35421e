import { randomUUID } from 'node:crypto';
import { callSeries } from '../hooks/callHooks';
import type { SyncDirection } from '../model/Direction';
import type { TableMapping } from '../model/TableMapping';
import { errorMessage } from '../errors/TandemError';
import { storedErrorText } from '../errors/storedErrorText';
import { FULL_SYNC_STARTED } from '../state/MappingState';
import { emptyCounters, type SyncJob, type SyncJobType } from '../state/SyncJob';
import { OptionTranslator } from './OptionTranslator';
import { OverlappingPages, overlapsPages } from './OverlappingPages';
import { PagePipeline } from './PagePipeline';
import { passStart, readPassPages } from './passPages';
import type { SyncEnvironment } from './SyncEnvironment';
import type { HeldLease } from '../state/MappingLease';

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
  lease?: HeldLease,
): Promise<SyncJob> {
  const job = newJob(mapping, direction, type);
  const context = { mapping, direction, job, ...(lease ? { lease } : {}) };
  await env.state.insertJob(job);
  try {
    await callSeries(env.hooks.onJobStart, mapping.name, context);
    await work(job);
  } catch (error) {
    job.message = storedErrorText(`the job stopped: ${errorMessage(error)}`);
    throw error;
  } finally {
    job.finishedAt = new Date();
    await finishJobRow(env, job);
    await callSeries(env.hooks.onJobEnd, mapping.name, context);
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
  /** The lease the run holds: `onJobStart` / `onJobEnd` hand it on (`JobContext.lease`). */
  lease?: HeldLease;
}

/** The message of a job that a stop request ended between pages. */
export const STOPPED_MESSAGE = 'stopped on request after a committed page; the next run continues from the watermark';

/**
 * One pass of a mapping in one direction: failed and pending records first, then the rows changed since the
 * watermark (minus the overlap window), page by page. The watermark moves with each committed page and never back.
 */
export async function runPass(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, options: PassOptions = {}): Promise<SyncJob> {
  return withJob(env, mapping, direction, 'synchronization', async (job) => {
    const start = await passStart(env, mapping, direction, !!options.full);
    const { full, unfinished, resumeAt } = start;
    if (full && !unfinished) await env.state.setFullSyncProgress(mapping.name, direction, FULL_SYNC_STARTED);
    if (unfinished) job.message = resumeAt ? `continued an unfinished full sync after ${unfinished.modifiedOn} / ${unfinished.id}` : 'continued an unfinished full sync from the start';
    const pipeline = new PagePipeline(env, mapping, direction, job, await OptionTranslator.load(env.state, mapping.fields));
    const pages = new OverlappingPages(pipeline, overlapsPages(env, mapping));
    // Between pages: a stop request ends the pass here; the watermark is the last committed page's.
    const stopped = () => !!options.signal?.aborted;
    const end = await readPassPages(env, mapping, direction, start, (rows, pageOptions) => pages.add(rows, pageOptions), stopped)
      .finally(() => pages.finish());
    if (end === 'stopped') {
      job.message = STOPPED_MESSAGE;
      return;
    }
    // The end is reached: the full sync is finished (a stop request returned above and leaves it to continue).
    if (full) await env.state.setFullSyncProgress(mapping.name, direction, null);
  }, options.lease);
}
