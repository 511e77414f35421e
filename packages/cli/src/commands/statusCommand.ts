import type { Host, SyncJob } from '@tandem/core';
import { table, type Output } from '../Output';
import { countersText } from './countersText';

export interface MappingStatus {
  mapping: string;
  enabled: boolean;
  direction: string;
  coupled: number;
  lastJob: Pick<SyncJob, 'id' | 'direction' | 'startedAt' | 'finishedAt' | 'inserted' | 'modified' | 'deleted' | 'unchanged' | 'skipped' | 'failed' | 'coupled' | 'uncoupled' | 'message'> | null;
}

/** The status of every mapping, in dependency order: settings in force, its last job, how many records are coupled. */
export async function mappingStatuses(host: Host): Promise<MappingStatus[]> {
  const statuses: MappingStatus[] = [];
  for (const mapping of host.mappings.all()) {
    const jobs = await host.state.jobs(mapping.name);
    const last = jobs[jobs.length - 1];
    const coupled = await host.orm.em.fork().count('Coupling', { mapping: mapping.name });
    statuses.push({
      mapping: mapping.name, enabled: mapping.enabled, direction: mapping.direction, coupled,
      lastJob: last
        ? {
            id: last.id, direction: last.direction, startedAt: last.startedAt, finishedAt: last.finishedAt, inserted: last.inserted, modified: last.modified,
            deleted: last.deleted, unchanged: last.unchanged, skipped: last.skipped, failed: last.failed, coupled: last.coupled, uncoupled: last.uncoupled,
            message: last.message,
          }
        : null,
    });
  }
  return statuses;
}

/** `tandem status [--json]`: one line per mapping. */
export async function statusCommand(host: Host, options: { json?: boolean }, output: Output): Promise<void> {
  const statuses = await mappingStatuses(host);
  if (options.json) return output.json(statuses);
  const rows = statuses.map((s) => {
    const job = s.lastJob;
    return [
      s.mapping, s.enabled ? 'enabled' : 'disabled', s.direction,
      job ? `${job.startedAt.toISOString().slice(0, 19).replace('T', ' ')} ${job.direction}` : 'never run',
      job ? countersText(job) : '',
      String(s.coupled),
    ];
  });
  output.line(table(['MAPPING', 'STATE', 'DIRECTION', 'LAST JOB', 'COUNTERS', 'COUPLED'], rows));
}
