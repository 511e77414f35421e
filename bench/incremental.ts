import { CUSTOMER } from '@tandem/plugin-customer-account';
import { openBenchPair, syncableCustomers, type BenchPair } from './benchPair';
import { changeCrmPhones, changeErpPhones, syncedCustomerNos } from './changes';
import { nextSecond, timed } from './measure';

/** The sizes of issue 8's scenario 3 at N = 100 000; smaller N scale all three down in proportion. */
export const INCREMENTAL_AT_FULL_SIZE = { changes: 1000, smallRows: 10_000, largeRows: 100_000 };

/** The sizes of scenario 3 for a benchmark of N rows: changes (half per side), and the two table sizes. */
export function incrementalSizes(n: number) {
  const scale = n / INCREMENTAL_AT_FULL_SIZE.largeRows;
  const perSide = Math.max(5, Math.round((INCREMENTAL_AT_FULL_SIZE.changes * scale) / 2));
  return { scale, perSide, changes: perSide * 2, smallRows: Math.max(perSide * 4, Math.round(n / 10)), largeRows: n };
}

/**
 * One timed regular bidirectional run of CUSTOMER after `perSide` ERP customers and `perSide` other customers' CRM
 * accounts changed their phone number. The pair has been fully synced both ways before.
 */
export async function incrementalRun(pair: BenchPair, perSide: number, tag: string): Promise<number> {
  const nos = await syncedCustomerNos(pair, perSide * 2);
  await nextSecond();
  await changeErpPhones(pair, nos.slice(0, perSide), `${tag}e`);
  await changeCrmPhones(pair, nos.slice(perSide), `${tag}c`);
  const run = await timed(() => pair.host.engine.run(CUSTOMER));
  const failed = run.result.reduce((sum, job) => sum + job.failed, 0);
  const modified = run.result.reduce((sum, job) => sum + job.modified, 0);
  if (failed > 0 || modified < perSide * 2) {
    throw new Error(`incremental run: expected ${perSide * 2} changed records, got ${JSON.stringify(run.result.map((j) => ({ direction: j.direction, modified: j.modified, failed: j.failed })))}`);
  }
  return run.seconds;
}

/** A fresh pair of `customers` demo customers, fully synced both ways (not timed). */
export async function syncedPair(dir: string, customers: number): Promise<BenchPair> {
  const pair = await openBenchPair(dir, customers);
  try {
    await pair.host.engine.run(CUSTOMER, { direction: 'toIntegration', full: true });
    await pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration', full: true });
    if ((await syncableCustomers(pair.host)) === 0) throw new Error('no customers to change');
    return pair;
  } catch (error) {
    await pair.close();
    throw error;
  }
}
