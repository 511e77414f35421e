import type { Host } from '@tandem/core';
import { arrow, changedSomething, counters } from './progress';

/** One row per mapping, in dependency order: direction, coupled records, its last job that moved data, its schedule. */
export async function statusTable(host: Host): Promise<string> {
  const entries = new Map((await host.state.scheduleEntries()).map((e) => [e.mapping, e]));
  const rows: string[][] = [];
  for (const mapping of host.mappings.all()) {
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
  return table(['MAPPING', 'DIRECTION', 'COUPLED', 'LAST JOB THAT CHANGED SOMETHING', 'SCHEDULE'], rows);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
