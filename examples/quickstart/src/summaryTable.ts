import type { Host, SyncJob, TableMapping } from '@tandem/core';
import { arrow } from './progress';
import { textTable } from './textTable';

const WRITES = ['inserted', 'coupled', 'modified', 'deleted', 'uncoupled', 'failed'] as const;

/** How many rows a job wrote (or failed to write) on its destination side. */
export const rowsWritten = (job: SyncJob) => WRITES.reduce((n, name) => n + job[name], 0);

/** `240 inserted · 6 coupled · 1 failed` — what a job wrote; `nothing written` when it wrote nothing. */
function written(job: SyncJob | undefined): string {
  if (!job) return '-';
  const parts = WRITES.filter((name) => job[name] > 0).map((name) => `${job[name]} ${name}`);
  return parts.length > 0 ? parts.join(' · ') : 'nothing written';
}

/**
 * One row per mapping and direction, in the order the first run took them: what each of the runs wrote, and how many
 * records the mapping has coupled now.
 */
export async function summaryTable(host: Host, order: readonly TableMapping[], runs: SyncJob[][]): Promise<string> {
  const rows: string[][] = [];
  for (const mapping of order) {
    const directions = [...new Set(runs.flat().filter((j) => j.mapping === mapping.name).map((j) => j.direction))];
    const coupled = await host.orm.em.fork().count('Coupling', { mapping: mapping.name });
    directions.forEach((direction, i) => {
      const jobOf = (run: SyncJob[]) => run.find((j) => j.mapping === mapping.name && j.direction === direction);
      rows.push([i === 0 ? mapping.name : '', arrow(direction), ...runs.map((run) => written(jobOf(run))), i === 0 ? String(coupled) : '']);
    });
  }
  const header = ['MAPPING', 'PASS', ...runs.map((_, i) => (i === 0 ? 'RUN 1 (FULL SYNC)' : `RUN ${i + 1}`)), 'COUPLED'];
  return textTable(header, rows, [header.length - 1]);
}
