import type { SyncJob } from '@tandem/core';
import { table } from '../Output';

/** The jobs of a sync as one table: counters per job, duration and rows per second. */
export function syncSummary(jobs: readonly SyncJob[]): string {
  const rows = jobs.map((job) => {
    const seconds = job.finishedAt ? (job.finishedAt.getTime() - job.startedAt.getTime()) / 1000 : 0;
    const handled = job.inserted + job.modified + job.unchanged + job.skipped + job.failed + job.uncoupled;
    return [
      job.mapping, job.direction, String(job.inserted), String(job.modified), String(job.coupled), String(job.unchanged), String(job.skipped),
      String(job.failed), `${seconds.toFixed(1)} s`, seconds > 0 ? String(Math.round(handled / seconds)) : '-',
    ];
  });
  return table(['MAPPING', 'DIRECTION', 'INSERTED', 'MODIFIED', 'COUPLED', 'UNCHANGED', 'SKIPPED', 'FAILED', 'TIME', 'ROWS/S'], rows);
}
