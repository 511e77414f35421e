import type { PluginJobDefinition } from './PluginJob';

/** A plugin job as the host keeps it: the definition and the plugin that registered it. */
export interface PluginJob extends PluginJobDefinition {
  plugin: string;
}

/** The problems of a job definition (empty when it is fine), each naming the job and the plugin. */
export function pluginJobProblems(job: PluginJobDefinition, plugin: string, taken: ReadonlySet<string>): string[] {
  const label = `plugin "${plugin}": job "${String(job?.name)}"`;
  const problems: string[] = [];
  if (!job || typeof job.name !== 'string' || job.name.trim() === '') return [`plugin "${plugin}": a job needs a name`];
  if (taken.has(job.name)) problems.push(`${label} is already registered (job and mapping names share one namespace)`);
  if (typeof job.run !== 'function') problems.push(`${label}: run must be a function`);
  const interval = job.schedule?.intervalSeconds;
  if (!Number.isInteger(interval) || (interval as number) <= 0) problems.push(`${label}: schedule.intervalSeconds must be a positive whole number`);
  return problems;
}
