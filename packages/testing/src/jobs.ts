import type { TestPair } from './startTestPair';

type JobCounters = { inserted: number; modified: number; failed: number; skipped: number };

/** Every job counter that means a write or a failure, summed: 0 for a run that had nothing to do. */
export function writesAndFailures(jobs: readonly JobCounters[]): number {
  return jobs.reduce((sum, job) => sum + job.inserted + job.modified + job.failed + job.skipped, 0);
}

/** Full syncs of the mappings in turn (a plugin test's set-up); throws with the stored errors when one fails. */
export async function fullSyncOrThrow(pair: TestPair, mappings: readonly string[]): Promise<void> {
  for (const mapping of mappings) {
    const jobs = await pair.host.engine.fullSync(mapping);
    if (jobs.some((job) => job.failed > 0 || job.message)) throw new Error(`${mapping} did not sync: ${JSON.stringify(await pair.host.state.errors(mapping))}`);
  }
}
