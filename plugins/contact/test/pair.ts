import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { startTestPair, type TestPair } from '@tandem/testing';
import { ContactPlugin } from '../src/index';
import { CRM_PERSON, SELLER, seedErp } from './fixtures';

/**
 * A pair with the contact plugin and the plugins it depends on: the ERP seeded (see `seedErp`), SP1 coupled to the CRM
 * user Sam Seller, currencies and customers synchronized (C1 and C2 have accounts; C3 is blocked and has none).
 */
export async function startContactPair(): Promise<TestPair> {
  const pair = await startTestPair({ plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, ContactPlugin], crmUsers: [CRM_PERSON, SELLER] });
  await seedErp(pair.erp());
  await pair.host.engine.couple(SALESPEOPLE, 'SP1', SELLER.userId);
  for (const mapping of [CURRENCY, CUSTOMER]) {
    const jobs = await pair.host.engine.fullSync(mapping);
    if (jobs.some((job) => job.failed > 0 || job.message)) throw new Error(`${mapping} did not sync: ${JSON.stringify(await pair.host.state.errors(mapping))}`);
  }
  return pair;
}
