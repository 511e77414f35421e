import { CONTACT, ContactPlugin } from '@tandem/plugin-contact';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { startTestPair, type TestPair } from '@tandem/testing';
import { OpportunityPlugin } from '../src/index';
import { CRM_PERSON, SELLER, seedErp } from './fixtures';

/** A pair with the opportunity plugin and its chain; SP1 coupled to Sam Seller; currencies, customers and contacts synchronized. */
export async function startOpportunityPair(): Promise<TestPair> {
  const pair = await startTestPair({
    plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, ContactPlugin, OpportunityPlugin], crmUsers: [CRM_PERSON, SELLER],
  });
  await seedErp(pair.erp());
  await pair.host.engine.couple(SALESPEOPLE, 'SP1', SELLER.userId);
  for (const mapping of [CURRENCY, CUSTOMER, CONTACT]) {
    const jobs = await pair.host.engine.fullSync(mapping);
    if (jobs.some((job) => job.failed > 0 || job.message)) throw new Error(`${mapping} did not sync: ${JSON.stringify(await pair.host.state.errors(mapping))}`);
  }
  return pair;
}
