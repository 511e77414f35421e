import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { startTestPair, type TestPair, type TestPairOptions } from '@tandem/testing';
import { CustomerAccountPlugin } from '../src/index';
import { CRM_PERSON, SELLER, seedErp } from './fixtures';

/**
 * A pair with the three plugins, the ERP seeded (setup, series, SP1/SP2, EUR with a rate), SP1 coupled to the CRM
 * user Sam Seller, and the currencies synchronized (EUR created in the CRM, the local currency USD coupled to the
 * CRM's base currency USD). `options` adds to the pair's (the emulator's clock, a watching `fetch` for the host).
 */
export async function startCustomerPair(options: Pick<TestPairOptions, 'emulator' | 'integrationFetch'> = {}): Promise<TestPair> {
  const pair = await startTestPair({ ...options, plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin], crmUsers: [CRM_PERSON, SELLER] });
  await seedErp(pair.erp());
  await pair.host.engine.couple(SALESPEOPLE, 'SP1', SELLER.userId);
  const jobs = await pair.host.engine.fullSync(CURRENCY);
  if (jobs.some((job) => job.failed > 0 || job.message)) throw new Error(`CURRENCY did not sync: ${JSON.stringify(await pair.host.state.errors(CURRENCY))}`);
  return pair;
}
