import type { Host, TableMapping } from '@tandem/core';
import { arrow, changedSomething, counters } from './progress';
import { textTable } from './textTable';

/** One row per mapping, in the given order: direction, coupled records, its last job that moved data, its schedule. */
export async function statusTable(host: Host, order: readonly TableMapping[]): Promise<string> {
  const entries = new Map((await host.state.scheduleEntries()).map((e) => [e.mapping, e]));
  const rows: string[][] = [];
  for (const mapping of order) {
    const jobs = await host.state.jobs(mapping.name);
    const runs = jobs.filter((j) => j.type === 'synchronization').reverse();
    const last = runs.find(changedSomething) ?? runs[0];
    const coupled = await host.orm.em.fork().count('Coupling', { mapping: mapping.name });
    const entry = entries.get(mapping.name);
    rows.push([
      mapping.name,
      mapping.direction,
      String(coupled),
      last ? `${arrow(last.direction)}: ${counters(last)}` : 'never run',
      entry ? `${entry.status}, every ${entry.intervalSeconds} s` : '',
    ]);
  }
  return textTable(['MAPPING', 'DIRECTION', 'COUPLED', 'LAST JOB THAT CHANGED SOMETHING', 'SCHEDULE'], rows);
}
