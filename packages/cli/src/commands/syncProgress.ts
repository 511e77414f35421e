import { EVERY_MAPPING, type Host } from '@tandem/core';
import type { ProgressReporter } from './ProgressReporter';

const TAP = 'tandem-cli-progress';
/** One set of taps per host; each sync points them at its reporter (taps cannot be removed). */
const targets = new WeakMap<Host, { reporter?: ProgressReporter }>();

/** Sends the progress of `host`'s synchronization jobs (start, each committed page, end) to `reporter`. */
export function reportProgress(host: Host, reporter: ProgressReporter | undefined): void {
  let target = targets.get(host);
  if (!target) {
    const created: { reporter?: ProgressReporter } = {};
    target = created;
    targets.set(host, created);
    host.hooks.onJobStart.for(EVERY_MAPPING).tapPromise(TAP, async ({ mapping, direction, job }) => {
      if (!created.reporter || job.type !== 'synchronization') return;
      created.reporter.start(`${mapping.name} ${direction}`, await knownTotal(host, mapping.businessTable, direction === 'toIntegration' && !mapping.businessFilter));
    });
    host.hooks.onAfterCommit.for(EVERY_MAPPING).tap(TAP, ({ job, outcomes }) => {
      if (job.type === 'synchronization') created.reporter?.advance(outcomes.length);
    });
    host.hooks.onJobEnd.for(EVERY_MAPPING).tap(TAP, ({ job }) => {
      if (job.type === 'synchronization') created.reporter?.finish();
    });
  }
  if (reporter) target.reporter = reporter;
  else delete target.reporter;
}

/**
 * The rows a business-side pass without a filter reads at most, when the table can be counted: the bar then shows a
 * percentage. (An incremental pass reads fewer; the bar simply ends early.) Otherwise unknown.
 */
async function knownTotal(host: Host, table: string, countable: boolean): Promise<number | undefined> {
  if (!countable || !host.orm.getMetadata().has(table)) return undefined;
  try {
    return await host.orm.em.fork().count(table, {});
  } catch {
    return undefined;
  }
}
