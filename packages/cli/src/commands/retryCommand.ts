import { passesOf, type SyncJob } from '@tandem/core';
import { ExitCode } from '../ExitCode';
import type { CommandRegistration } from './CommandContext';
import { jobLine } from './syncCommand';
import { selectMappings } from './usageError';

/** The most failed couplings one retry pass takes (the engine's retry-first limit). */
const RETRY_LIMIT = 10_000;

/**
 * `tandem retry [mapping…]`: re-runs the failed records now (BC's "Synchronize again"). For each mapping and direction
 * with failed (not parked) records, one pass in that direction, which takes its failed records first. Exit 1 when a
 * record still fails.
 */
export const registerRetryCommand: CommandRegistration = (program, { output, withHost }) => {
  program
    .command('retry')
    .description('run the failed records again now (every enabled mapping, or the named ones); parked records need tandem restore')
    .argument('[mapping...]', 'only these mappings')
    .action((names: string[]) =>
      withHost(async (host) => {
        const jobs: SyncJob[] = [];
        for (const name of selectMappings(host, names)) {
          const mapping = host.mappings.get(name);
          if (!mapping.enabled) {
            if (names.length > 0) output.line(`${name} is disabled; nothing retried (tandem mappings set ${name} --enable)`);
            continue;
          }
          for (const direction of passesOf(mapping.direction)) {
            const failing = await host.state.couplingsToRetry(name, direction, RETRY_LIMIT);
            if (failing.length === 0) continue;
            output.line(`${name} ${direction}: retrying ${failing.length} failed record(s)`);
            const [job] = await host.engine.run(name, { direction });
            if (job) {
              jobs.push(job);
              output.line(jobLine(job));
            }
          }
        }
        if (jobs.length === 0) {
          output.line('no failed records to retry');
          return ExitCode.ok;
        }
        const failed = jobs.reduce((sum, job) => sum + job.failed, 0);
        output.line(`${jobs.length} job(s): ${failed} record(s) still failing`);
        return failed > 0 ? ExitCode.failed : ExitCode.ok;
      }),
    );
};
