import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { BenchPair } from './benchPair';
import { createAccounts } from './crmAccounts';
import { checkClean } from './fullToIntegration';
import { nextSecond, timed } from './measure';

/** Scenario 2: N accounts created in the CRM by a person (not timed), then a full sync of them to ERP customers. */
export async function fullFromIntegration(pair: BenchPair, accounts: number) {
  await createAccounts(pair.person, accounts);
  await nextSecond();
  const requestsBefore = pair.client.stats.requests;
  const run = await timed(() => pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration', full: true }));
  checkClean(run.result[0]!, accounts);
  const requests = pair.client.stats.requests - requestsBefore;
  return {
    records: accounts,
    seconds: run.seconds,
    recordsPerSec: accounts / run.seconds,
    requestsPer1000: (requests / accounts) * 1000,
    peakRssMb: run.peakRssMb,
  };
}
