import { NoSeriesSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { BenchPair } from './benchPair';
import { createAccounts } from './crmAccounts';
import { checkClean } from './fullToIntegration';
import { microsPerRecord, nextSecond, timed } from './measure';

/** Scenario 2: N accounts created in the CRM by a person (not timed), then a full sync of them to ERP customers. */
export async function fullFromIntegration(pair: BenchPair, accounts: number) {
  await prepareAccounts(pair, accounts);
  const requestsBefore = pair.client.stats.requests;
  const run = await timed(() => pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration', full: true }), pair.emulator.pid);
  checkClean(run.result[0]!, accounts);
  const requests = pair.client.stats.requests - requestsBefore;
  return {
    records: accounts,
    seconds: run.seconds,
    recordsPerSec: accounts / run.seconds,
    requestsPer1000: (requests / accounts) * 1000,
    peakRssMb: run.peakRssMb,
    cpuMicrosPerRecord: microsPerRecord(run.cpuSeconds, accounts),
    emulatorCpuMicrosPerRecord: microsPerRecord(run.emulatorCpuSeconds, accounts),
  };
}

/**
 * The setup of scenario 2 (not timed): N accounts in the CRM, and an ERP customer number series with room for N
 * new customers (the demo data's series of an empty ERP has five digits: the 100 000th customer found none).
 */
export async function prepareAccounts(pair: BenchPair, accounts: number): Promise<void> {
  const digits = Math.max(5, String(accounts).length + 1);
  await pair.host.orm.em.fork().nativeUpdate(NoSeriesSchema, { code: 'CUST', lastNoUsed: null }, { startingNo: `C${'1'.padStart(digits, '0')}` });
  await createAccounts(pair.person, accounts);
  await nextSecond();
}
