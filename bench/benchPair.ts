import { join } from 'node:path';
import { createHost, DEFAULT_OVERLAP_MS, limitHeapGrowth, type Host } from '@tandem/core';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';
import { CustomerSchema, ErpPlugin, generateDemoData, SalespersonSchema } from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { BENCH_USERS, INTEGRATION_CLIENT, PERSON_CLIENT } from './benchUsers';
import { startEmulatorProcess, type EmulatorProcess } from './EmulatorProcess';

/** A host with the real CUSTOMER mapping on an ERP SQLite file, and the emulator in its own process over HTTP. */
export interface BenchPair {
  host: Host;
  emulator: EmulatorProcess;
  /** The client the host's DataverseStore uses: its `stats.requests` counts the syncing process's requests. */
  client: DataverseClient;
  /** A client writing as a CRM person (what scenario 2 creates accounts with). */
  person: DataverseClient;
  erpFile: string;
  close(): Promise<void>;
}

export async function token(url: string, client: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${url}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: `${url}/.default` }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * Starts the emulator on `<dir>/crm.sqlite`, a host on `<dir>/erp.sqlite` with N demo customers (and their
 * salespeople coupled to CRM users, the currencies synchronized), ready for the CUSTOMER mapping.
 */
export async function openBenchPair(dir: string, customers: number): Promise<BenchPair> {
  // The process runs its syncs as the CLI does (`TANDEM_HEAP_GROWING_PERCENT`, default 100; 0 for V8's own policy).
  limitHeapGrowth();
  const emulator = await startEmulatorProcess(join(dir, 'crm.sqlite'));
  try {
    const client = new DataverseClient({ url: emulator.url, auth: { token: await token(emulator.url, INTEGRATION_CLIENT) }, throttleRegistry: new ThrottleRegistry() });
    const person = new DataverseClient({ url: emulator.url, auth: { token: await token(emulator.url, PERSON_CLIENT) }, throttleRegistry: new ThrottleRegistry() });
    const erpFile = join(dir, 'erp.sqlite');
    const host = await createHost({
      plugins: [ErpPlugin, SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin],
      database: { dbName: erpFile },
      integration: new DataverseStore({ client, mappedColumnsOnly: ['account'] }),
    });
    const em = host.orm.em.fork();
    await generateDemoData(em, { seed: 8, customers, items: 0, salespeople: BENCH_USERS.length, salesOrders: 0, localCurrencyCode: 'USD' });
    // The data is older than the mapping's overlap window when a sync first reads it, as data that exists before a
    // sync starts is. Rows stamped within the window of a read are read again by the next regular run (the read
    // horizon, core README "The cursor and the overlap window"): generated in the same second as scenario 1's read,
    // scenario 4's idle run would be re-reading part of the demo data, not measuring an idle run.
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_OVERLAP_MS + 100));
    const salespeople = await em.find(SalespersonSchema, {}, { orderBy: { code: 'asc' } });
    for (const [i, salesperson] of salespeople.entries()) await host.engine.couple(SALESPEOPLE, salesperson.code, BENCH_USERS[i]!.userId);
    await host.engine.run(CURRENCY, { full: true });
    return {
      host, emulator, client, person, erpFile,
      async close() {
        await host.close();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

/** ERP customers the CUSTOMER mapping reads (its filter leaves blocked customers out). */
export async function syncableCustomers(host: Host): Promise<number> {
  return host.orm.em.fork().count(CustomerSchema, { blocked: '' });
}
