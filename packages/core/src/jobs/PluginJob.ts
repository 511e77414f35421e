import type { JobCounters, SyncJob } from '../state/SyncJob';

/** When a plugin job runs: every `intervalSeconds` (a positive whole number). */
export interface PluginJobSchedule {
  intervalSeconds: number;
}

/**
 * A scheduled job a plugin contributes that is not a table mapping — BC's other job queue entries (customer
 * statistics, item availability, …). The `Worker` runs it every `schedule.intervalSeconds` under a lease of its name,
 * `host.jobs.run(name)` runs it on demand; each run is recorded as a `SyncJob` (mapping = the job's name, direction
 * `toIntegration`) with its counters and errors, as BC logs such jobs with the codeunit as the "mapping name".
 */
export interface PluginJobDefinition {
  /** Unique among jobs and mappings; by convention upper case with `-` (`CUSTOMER-STATISTICS`). */
  name: string;
  description?: string;
  schedule: PluginJobSchedule;
  /** One run. Count what it does in `context.counters`, record failed records with `context.fail`; a throw fails the run. */
  run(context: PluginJobContext): Promise<void>;
}

/** What a run of a plugin job gets. */
export interface PluginJobContext {
  readonly name: string;
  /** The job row being recorded (its id and start); its counters are `counters`. */
  readonly job: Readonly<SyncJob>;
  /** Add to them as records are handled; stored when the run ends. */
  readonly counters: JobCounters;
  /** Aborted when the worker stops: finish the page you are on and return. */
  readonly signal: AbortSignal;
  /**
   * Where the last successful run got to: what it passed to `setWatermark`, else its start time; `null` before the
   * first successful run.
   */
  readonly watermark: Date | null;
  /** Where the next run starts (`watermark`), stored only when this run ends without throwing. Default: this run's start. */
  setWatermark(at: Date): void;
  /** Records one failed record as a job error (with its `TANDEM_…` code when it has one) and counts it in `failed`. */
  fail(sourceId: string, error: unknown, destinationId?: string | null): void;
}
