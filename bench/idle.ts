import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { BenchPair } from './benchPair';
import { recordsOf } from './fullToIntegration';
import { nextSecond, timed } from './measure';

/**
 * Scenario 4: after full syncs in both directions (scenario 1's ERP → CRM, then CRM → ERP, not timed), a regular
 * bidirectional run of CUSTOMER with nothing changed: how long it takes and how many requests it sends.
 */
export async function idle(pair: BenchPair) {
  await pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration', full: true });
  await nextSecond();
  const requestsBefore = pair.client.stats.requests;
  const run = await timed(() => pair.host.engine.run(CUSTOMER));
  const changed = run.result.reduce((sum, job) => sum + job.inserted + job.modified + job.coupled + job.failed, 0);
  return {
    ms: run.seconds * 1000,
    requests: pair.client.stats.requests - requestsBefore,
    recordsRead: run.result.reduce((sum, job) => sum + recordsOf(job), 0),
    recordsChanged: changed,
  };
}
