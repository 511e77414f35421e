import { EVERY_MAPPING, Worker, type Host } from '@tandem/core';
import type { Output } from '../Output';
import type { CommandRegistration } from './CommandContext';
import { jobLine } from './syncCommand';
import { positiveInteger, selectMappings } from './usageError';

export interface WorkerCommandOptions {
  pollMs?: string;
}

/**
 * Runs the scheduler until SIGINT / SIGTERM: each job is printed (and logged) as it ends; a signal lets the run on its
 * way finish its page, releases the leases and resolves, so the CLI closes the host and exits 0.
 */
export async function runWorker(host: Host, names: readonly string[], options: WorkerCommandOptions, output: Output): Promise<void> {
  const mappings = names.length > 0 ? selectMappings(host, names) : undefined;
  const pollMs = positiveInteger('--poll-ms', options.pollMs, 1000);
  host.hooks.onJobEnd.for(EVERY_MAPPING).tapPromise('tandem-cli-worker', async ({ job }) => {
    output.line(jobLine(job));
    host.logger.info({ mapping: job.mapping, direction: job.direction, job: job.id, failed: job.failed }, 'worker: job finished');
  });
  const worker = new Worker(host, { pollMs, ...(mappings ? { mappings } : {}) });
  await new Promise<void>((resolve) => {
    worker.stopOnSignals(resolve);
    worker.start();
    output.line(`worker started (holder ${host.leases.holder}, every ${pollMs} ms${mappings ? `, ${mappings.join(', ')}` : ''}); Ctrl+C stops it`);
  });
  output.line('worker stopped');
}

/** `tandem worker [mapping…] [--poll-ms n]`. */
export const registerWorkerCommand: CommandRegistration = (program, { output, withHost }) => {
  program
    .command('worker')
    .description('run the schedule until SIGINT/SIGTERM: due mappings in dependency order, on-hold ones woken by ERP changes')
    .argument('[mapping...]', 'only these mappings')
    .option('--poll-ms <ms>', 'how often the schedule is read (default 1000)')
    .action((names: string[], options: WorkerCommandOptions) => withHost((host) => runWorker(host, names, options, output)));
};
