import type { Host, SyncJob } from '@tandem/core';
import { table } from '../Output';
import type { CommandRegistration } from './CommandContext';
import { countersText } from './countersText';
import { positiveInteger, selectMappings } from './usageError';

export interface JobsCommandOptions {
  limit?: string;
  json?: boolean;
}

/** The newest `limit` jobs of the named mapping (or of all), oldest of them first. */
export async function recentJobs(host: Host, mapping: string | undefined, limit: number): Promise<SyncJob[]> {
  if (mapping) selectMappings(host, [mapping]);
  return (await host.state.jobs(mapping)).slice(-limit);
}

/** `tandem jobs [mapping] [--limit n] [--json]`: the synchronization log, one line per job. */
export const registerJobsCommand: CommandRegistration = (program, { output, withHost }) => {
  program
    .command('jobs')
    .description('the synchronization log: the newest jobs with their counters (default 20)')
    .argument('[mapping]', 'only this mapping')
    .option('--limit <n>', 'how many jobs', '20')
    .option('--json', 'print JSON')
    .action((mapping: string | undefined, options: JobsCommandOptions) =>
      withHost(async (host) => {
        const jobs = await recentJobs(host, mapping, positiveInteger('--limit', options.limit, 20));
        if (options.json) return output.json(jobs);
        if (jobs.length === 0) return output.line(mapping ? `no jobs of ${mapping} yet` : 'no jobs yet');
        output.line(
          table(
            ['STARTED', 'MAPPING', 'DIRECTION', 'TYPE', 'SECONDS', 'COUNTERS', 'JOB'],
            jobs.map((job) => [
              job.startedAt.toISOString().slice(0, 19).replace('T', ' '), job.mapping, job.direction, job.type,
              job.finishedAt ? ((job.finishedAt.getTime() - job.startedAt.getTime()) / 1000).toFixed(1) : 'running',
              `${countersText(job)}${job.message ? ` — ${job.message}` : ''}`, job.id,
            ]),
          ),
        );
      }),
    );
};
