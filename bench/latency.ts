import { Worker } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { BenchPair } from './benchPair';
import { accountOf, changeErpPhones, syncedCustomerNos } from './changes';
import { spread } from './summary';

/** How the worker runs during scenario 10: the schedule it is given and how often it looks. */
export const LATENCY_SETUP = { changes: 50, intervalSeconds: 1, pollMs: 200, checkEveryMs: 20, timeoutMs: 60_000 };

/**
 * Scenario 10: with a `Worker` running CUSTOMER (interval 1 s, a look every 200 ms), 50 changed ERP customers one
 * after another: for each, the time from the ERP write until the coupled CRM account shows the new value (read by a
 * CRM person every 20 ms). The pair has been fully synced both ways before.
 */
export async function latency(pair: BenchPair) {
  const { host } = pair;
  const mapping = host.mappings.get(CUSTOMER);
  await host.mappings.update(CUSTOMER, { schedule: { ...mapping.schedule, intervalSeconds: LATENCY_SETUP.intervalSeconds } });
  const nos = await syncedCustomerNos(pair, LATENCY_SETUP.changes, 0);
  const accounts = await Promise.all(nos.map((no) => accountOf(pair, no)));
  const worker = new Worker(host, { mappings: [CUSTOMER], pollMs: LATENCY_SETUP.pollMs }).start();
  const samples: number[] = [];
  try {
    for (const [i, no] of nos.entries()) {
      const tag = `latency-${i}`;
      const started = performance.now();
      await changeErpPhones(pair, [no], tag);
      for (;;) {
        const row = await pair.person.retrieve<{ telephone1?: string }>('accounts', accounts[i]!, { select: ['telephone1'] });
        if (row.telephone1 === `+1 ${tag} 0`) break;
        if (performance.now() - started > LATENCY_SETUP.timeoutMs) throw new Error(`the change of customer ${no} did not reach the CRM within ${LATENCY_SETUP.timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, LATENCY_SETUP.checkEveryMs));
      }
      samples.push(performance.now() - started);
    }
  } finally {
    await worker.stop();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { changes: samples.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: spread(samples).max };
}
