import { passesOf, type Host, type SyncDirection, type SyncJob } from '@tandem/core';
import { CliErrorCodes, ConfigError } from '../config/ConfigError';
import { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import { countersText } from './countersText';

export interface SyncCommandOptions {
  all?: boolean;
  full?: boolean;
  direction?: 'to' | 'from';
}

/**
 * `tandem sync [mapping…] [--all] [--full] [--direction to|from]`: runs the named mappings (or every enabled one, in
 * dependency order) and prints one line per job. Exit 1 when a record failed.
 */
export async function syncCommand(host: Host, names: readonly string[], options: SyncCommandOptions, output: Output): Promise<ExitCode> {
  const known = host.mappings.all();
  if (options.all && names.length > 0) throw usage('name mappings or pass --all, not both');
  if (!options.all && names.length === 0) throw usage(`name the mappings to run (${known.map((m) => m.name).join(', ')}) or pass --all`);
  const unknown = names.filter((name) => !known.some((m) => m.name === name));
  if (unknown.length > 0) throw usage(`unknown mapping ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.map((m) => m.name).join(', ')}`);
  const direction: SyncDirection | undefined = options.direction === 'to' ? 'toIntegration' : options.direction === 'from' ? 'fromIntegration' : undefined;

  // --all runs the enabled mappings in dependency order; named ones run in the order the dependencies put them.
  const selected = known.filter((m) => (options.all ? m.enabled : names.includes(m.name)));
  const jobs: SyncJob[] = [];
  for (const mapping of selected) {
    if (direction && !passesOf(mapping.direction).includes(direction)) {
      if (!options.all) throw usage(`mapping "${mapping.name}" does not run ${direction} (its direction is ${mapping.direction})`);
      continue;
    }
    const started = jobs.length;
    jobs.push(...(await host.engine.run(mapping.name, { full: !!options.full, ...(direction ? { direction } : {}) })));
    for (const job of jobs.slice(started)) output.line(jobLine(job));
  }
  const failed = jobs.reduce((sum, job) => sum + job.failed, 0);
  const total = (key: keyof SyncJob) => jobs.reduce((sum, job) => sum + Number(job[key]), 0);
  output.line(
    `${jobs.length} job(s): ${total('inserted')} inserted, ${total('modified')} modified, ${total('coupled')} coupled, ` +
      `${total('unchanged')} unchanged, ${total('skipped')} skipped, ${failed} failed`,
  );
  if (failed === 0) return ExitCode.ok;
  for (const job of jobs.filter((j) => j.failed > 0)) {
    for (const error of (await host.state.errors(job.mapping, { jobId: job.id })).slice(0, 5)) {
      output.line(`  ${job.mapping} ${job.direction}: ${error.sourceId ?? '?'}: ${error.code ? `${error.code}: ` : ''}${error.message}`);
    }
  }
  return ExitCode.failed;
}

/** One job as a readable line: mapping, direction, the counters that are not zero, duration. */
export function jobLine(job: SyncJob): string {
  const seconds = job.finishedAt ? ` in ${((job.finishedAt.getTime() - job.startedAt.getTime()) / 1000).toFixed(1)} s` : '';
  return `${job.mapping.padEnd(16)} ${job.direction.padEnd(15)} ${countersText(job)}${seconds}${job.message ? ` — ${job.message}` : ''}`;
}

function usage(message: string): ConfigError {
  return new ConfigError(CliErrorCodes.USAGE, message);
}
