import { randomUUID } from 'node:crypto';
import { ErrorCodes, TandemError, classifyError, errorMessage } from '../errors/TandemError';
import { storedErrorText } from '../errors/storedErrorText';
import type { Clock } from '../host/Clock';
import type { Logger } from '../host/Logger';
import type { HeldLease } from '../state/MappingLease';
import type { MappingLeases } from '../state/MappingLeases';
import type { StateStore } from '../state/StateStore';
import { emptyCounters, type SyncJob } from '../state/SyncJob';
import type { SyncJobError } from '../state/SyncJobError';
import type { PluginJob } from './registeredJobs';

export interface RunPluginJobOptions {
  /** Stop between pages once aborted (the worker's stop). */
  signal?: AbortSignal;
  /** Wait up to this long for another holder of the job's lease; default 0 (`TANDEM_MAPPING_BUSY` at once). */
  waitMs?: number;
  /** Run under the job's lease the caller holds (`leases.hold(name, …, (lease) => …)`, as the worker does). */
  lease?: HeldLease;
}

/**
 * The plugin jobs of a host (`host.jobs`): list them and run one now. A run holds the lease of the job's name (so two
 * workers never run one job at once), is recorded as a `SyncJob` with its counters and errors, and stores the job's
 * watermark in the job's `MappingState` row when it ends without throwing.
 */
export class PluginJobService {
  readonly #jobs: ReadonlyMap<string, PluginJob>;

  constructor(
    jobs: readonly PluginJob[],
    private readonly deps: { state: StateStore; leases: MappingLeases; clock: Clock; logger: Logger },
  ) {
    this.#jobs = new Map(jobs.map((job) => [job.name, job]));
  }

  /** The jobs, in registration (plugin dependency) order. */
  all(): PluginJob[] {
    return [...this.#jobs.values()];
  }

  /** One job, or `TANDEM_JOB_NOT_FOUND`. */
  get(name: string): PluginJob {
    const job = this.#jobs.get(name);
    if (!job) throw new TandemError(ErrorCodes.JOB_NOT_FOUND, `unknown plugin job "${name}"; known: ${[...this.#jobs.keys()].join(', ') || 'none'}`);
    return job;
  }

  has(name: string): boolean {
    return this.#jobs.has(name);
  }

  /** Runs a job now, under its lease; returns its finished `SyncJob`. A run that throws is recorded with its message and rethrown. */
  async run(name: string, options: RunPluginJobOptions = {}): Promise<SyncJob> {
    const definition = this.get(name);
    const { state, leases, clock } = this.deps;
    // The worker's own hold of the job's lease is reused when it passes it, as the engine's calls do.
    const underLease = <T>(work: () => Promise<T>) => leases.runUnder(name, { waitMs: options.waitMs ?? 0, ...(options.lease ? { lease: options.lease } : {}) }, work);
    return underLease(async () => {
      const stored = await state.mappingState(name);
      const watermark = stored?.toIntegrationCursor?.modifiedOn ? new Date(stored.toIntegrationCursor.modifiedOn) : null;
      const startedAt = clock.now();
      const job: SyncJob = { id: randomUUID(), mapping: name, direction: 'toIntegration', type: 'synchronization', startedAt, finishedAt: null, message: null, ...emptyCounters() };
      await state.insertJob(job);
      const errors: Omit<SyncJobError, 'id'>[] = [];
      let next = startedAt;
      try {
        await definition.run({
          name, job, counters: job, signal: options.signal ?? new AbortController().signal, watermark,
          setWatermark: (at) => {
            next = at;
          },
          fail: (sourceId, error, destinationId = null) => {
            job.failed++;
            errors.push({
              jobId: job.id, mapping: name, sourceId, destinationId, message: storedErrorText(errorMessage(error)),
              stack: error instanceof Error ? (error.stack ?? null) : null, errorClass: classifyError(error),
              code: typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : null, createdAt: clock.now(),
            });
          },
        });
        await state.setJobWatermark(name, next);
      } catch (error) {
        job.message = storedErrorText(`the job stopped: ${errorMessage(error)}`);
        this.deps.logger.error({ job: name, error: job.message }, `plugin job "${name}" failed`);
        throw error;
      } finally {
        job.finishedAt = clock.now();
        await state.insertJobErrors(errors);
        await state.finishJob(job);
      }
      return job;
    });
  }
}
