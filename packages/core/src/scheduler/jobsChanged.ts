import type { SyncJob } from '../state/SyncJob';

/**
 * Whether a run changed anything: inserted + modified + deleted + coupled + uncoupled + failed > 0 (BC's
 * `HaveJobsBeenIdle`, with the coupling counters). Unchanged and skipped records are not activity.
 */
export function jobsChanged(jobs: readonly SyncJob[]): boolean {
  return jobs.some((j) => j.inserted + j.modified + j.deleted + j.coupled + j.uncoupled + j.failed > 0);
}
