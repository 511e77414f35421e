import type { PluginClass, SyncJob, TandemPlugin } from '@tandem/core';
import type { Scenario } from './Scenario';

export type Direction = SyncJob['direction'];

/** A count the scenario expects: a number, or what the ERP data says (a query through the scenario). */
export type Count = number | ((s: Scenario) => Promise<number>);

/** What one job of a mapping does; a counter not named is expected to be 0. */
export type Counters = Partial<Record<WriteCounter, Count>>;

/** The counters that say a job wrote something (or failed to). */
export const WRITE_COUNTERS = ['inserted', 'coupled', 'modified', 'deleted', 'uncoupled', 'failed'] as const;
export type WriteCounter = (typeof WRITE_COUNTERS)[number];

/** Per mapping, per direction: the counters of its job. A direction (or mapping) not named must write nothing. */
export type ExpectedJobs = Record<string, Partial<Record<Direction, Counters>>>;

/**
 * One plugin in the end-to-end scenario (`SCENARIO`): the plugin, its mappings with what the first run does, and
 * optionally the CRM-side data it needs, spot checks after the first run, and a change that flows through.
 */
export interface ScenarioEntry {
  plugin: PluginClass | TandemPlugin;
  /** A plugin without mappings (a service, like the account view) has `{}`. Keys in the order the jobs run. */
  mappings: ExpectedJobs;
  /**
   * The plugin's jobs (`registry.addJob`, run with `host.jobs.run`), with what their first run does (a plugin job is
   * recorded with direction `toIntegration`). They run after the mappings, in every run of the scenario.
   */
  jobs?: ExpectedJobs;
  /** Before the first run: CRM-side data (as Casey), hand-made couplings. Runs in SCENARIO order. */
  seed?(s: Scenario): Promise<void>;
  /** After the first run: field values on both sides (the counters are checked from `mappings`). */
  checkFirstRun?(s: Scenario): Promise<void>;
  /** A change on one side or both, then one regular run: `expected` are that run's jobs (all others write nothing). */
  change?: {
    make(s: Scenario): Promise<void>;
    expected: ExpectedJobs;
    verify(s: Scenario): Promise<void>;
  };
}

/** The counters a job is expected to show, every write counter present (0 unless named). */
export async function resolveCounters(s: Scenario, counters: Counters = {}): Promise<Record<WriteCounter, number>> {
  const resolved = {} as Record<WriteCounter, number>;
  for (const name of WRITE_COUNTERS) {
    const count = counters[name] ?? 0;
    resolved[name] = typeof count === 'number' ? count : await count(s);
  }
  return resolved;
}

/** The write counters of a job, for comparing with `resolveCounters`. */
export function writeCounters(job: SyncJob): Record<WriteCounter, number> {
  return Object.fromEntries(WRITE_COUNTERS.map((name) => [name, job[name]])) as Record<WriteCounter, number>;
}

/** The plugin job names of the scenario, in the order each run takes them (after the mappings). */
export function jobOrder(entries: readonly ScenarioEntry[]): string[] {
  return entries.flatMap((entry) => Object.keys(entry.jobs ?? {}));
}

/** The mapping names of the scenario, in the order the first run takes them. */
export function mappingOrder(entries: readonly ScenarioEntry[]): string[] {
  return entries.flatMap((entry) => Object.keys(entry.mappings));
}
