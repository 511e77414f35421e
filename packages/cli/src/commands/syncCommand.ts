import { passesOf, type Host, type PassPlan, type SyncDirection, type SyncJob } from '@tandem/core';
import { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import { usage } from './commandArgs';
import { countersText } from './countersText';
import type { ProgressReporter } from './ProgressReporter';
import { reportProgress } from './syncProgress';
import { syncPlanLines } from './syncPlanText';
import { syncSummary } from './syncSummary';

export interface SyncCommandOptions {
  all?: boolean;
  full?: boolean;
  direction?: 'to' | 'from';
  /** Print the plan and write nothing. */
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `tandem sync [mapping…] [--all] [--full] [--direction to|from] [--dry-run] [--json]`: runs the named mappings (or
 * every enabled one, in dependency order) and prints one line per job, then a summary table. Exit 1 when a record
 * failed. `--dry-run` prints what each pass would do instead, and writes nothing.
 */
export async function syncCommand(host: Host, names: readonly string[], options: SyncCommandOptions, output: Output, progress?: ProgressReporter): Promise<ExitCode> {
  const known = host.mappings.all();
  if (options.all && names.length > 0) throw usage('name mappings or pass --all, not both');
  if (!options.all && names.length === 0) throw usage(`name the mappings to run (${known.map((m) => m.name).join(', ')}) or pass --all`);
  const unknown = names.filter((name) => !known.some((m) => m.name === name));
  if (unknown.length > 0) throw usage(`unknown mapping ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.map((m) => m.name).join(', ')}`);
  const direction: SyncDirection | undefined = options.direction === 'to' ? 'toIntegration' : options.direction === 'from' ? 'fromIntegration' : undefined;

  // --all runs the enabled mappings in dependency order; named ones run in the order the dependencies put them.
  const selected = known.filter((m) => (options.all ? m.enabled : names.includes(m.name)));
  for (const mapping of selected) {
    if (direction && !passesOf(mapping.direction).includes(direction) && !options.all) {
      throw usage(`mapping "${mapping.name}" does not run ${direction} (its direction is ${mapping.direction})`);
    }
  }
  const runnable = selected.filter((m) => !direction || passesOf(m.direction).includes(direction));
  const runOptions = { full: !!options.full, ...(direction ? { direction } : {}) };
  if (options.dryRun) {
    const plans: PassPlan[] = [];
    for (const mapping of runnable) plans.push(...(await host.engine.dryRun(mapping.name, runOptions)));
    if (options.json) output.json(plans);
    else for (const line of syncPlanLines(plans)) output.line(line);
    return ExitCode.ok;
  }
  const jobs: SyncJob[] = [];
  reportProgress(host, progress);
  try {
    for (const mapping of runnable) {
      const started = jobs.length;
      jobs.push(...(await host.engine.run(mapping.name, runOptions)));
      if (!options.json) for (const job of jobs.slice(started)) output.line(jobLine(job));
    }
  } finally {
    progress?.finish();
    reportProgress(host, undefined);
  }
  if (options.json) {
    output.json(jobs);
    return jobs.some((job) => job.failed > 0) ? ExitCode.failed : ExitCode.ok;
  }
  if (jobs.length > 1) output.line(`\n${syncSummary(jobs)}\n`);
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
