import { EVERY_MAPPING, SyncStage, type Host, type SyncJob } from '@tandem/core';

export const arrow = (direction: SyncJob['direction']) => (direction === 'toIntegration' ? 'ERP → CRM' : 'CRM → ERP');

/** `3 inserted · 1 modified · 12 unchanged` — the counters that are not zero. */
export function counters(job: Pick<SyncJob, 'inserted' | 'modified' | 'deleted' | 'unchanged' | 'skipped' | 'failed' | 'coupled' | 'uncoupled'>): string {
  const parts = (['inserted', 'coupled', 'modified', 'deleted', 'uncoupled', 'unchanged', 'skipped', 'failed'] as const)
    .filter((name) => job[name] > 0)
    .map((name) => `${job[name]} ${name}`);
  return parts.length > 0 ? parts.join(' · ') : 'nothing to do';
}

export const changedSomething = (job: SyncJob) => job.inserted + job.modified + job.deleted + job.coupled + job.uncoupled + job.failed > 0;

/**
 * A progress line for every finished job (a hook tap, as any plugin would write it). `quiet` leaves out jobs that
 * changed nothing: the worker runs every mapping every few seconds, and only what moved is worth a line.
 */
export function printJobs(host: Host, write: (line: string) => void): { quiet: boolean } {
  const mode = { quiet: false };
  // While a long job runs: a line per committed page, with the rows so far (pages are 100 rows by default).
  const rowsSoFar = new Map<string, number>();
  host.hooks.onAfterCommit.for(EVERY_MAPPING).tap({ name: 'quickstart-progress', stage: SyncStage.OBSERVE }, ({ job, outcomes }) => {
    const rows = (rowsSoFar.get(job.id) ?? 0) + outcomes.length;
    rowsSoFar.set(job.id, rows);
    if (!mode.quiet && outcomes.length >= 100) write(`  ${job.mapping.padEnd(19)} ${arrow(job.direction)}  … ${rows} rows`);
  });
  // After every plugin's own end-of-job work (SALESQUOTE-QUOTE processes its quotes there and counts them on the job).
  host.hooks.onJobEnd.for(EVERY_MAPPING).tap({ name: 'quickstart-progress', stage: SyncStage.OBSERVE + 1 }, ({ job }) => {
    rowsSoFar.delete(job.id);
    if (job.type !== 'synchronization' || (mode.quiet && !changedSomething(job))) return;
    const ms = (job.finishedAt ?? new Date()).getTime() - job.startedAt.getTime();
    const rows = job.inserted + job.modified + job.unchanged + job.coupled + job.failed + job.skipped;
    const rate = rows >= 50 && ms > 0 ? `, ${Math.round((rows * 1000) / ms)} rows/s` : '';
    write(`  ${job.mapping.padEnd(19)} ${arrow(job.direction)}  ${counters(job)}  (${(ms / 1000).toFixed(1)} s${rate})`);
  });
  return mode;
}
