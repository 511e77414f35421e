import type { EntityManager } from '@mikro-orm/core';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { CRM_PERSON, SELLER, fullSyncOrThrow, startTestPair, type TestPair, type TestPairOptions } from '@tandem/testing';
import { ContactPlugin } from '../../src/index';
import { seedContactErp } from './contactErp';

export interface ContactPairOptions {
  /** Plugins besides the contact chain (salesperson, currency, customer, contact), e.g. the plugin under test. */
  plugins?: TestPairOptions['plugins'];
  /** More ERP data after `seedContactErp` and before the first syncs (companies, persons, series). */
  seed?: (em: EntityManager) => Promise<void>;
  /** Mappings fully synchronized after currencies and customers, in this order (e.g. `[CONTACT]`). */
  sync?: readonly string[];
}

/**
 * A pair with the contact plugin and the plugins it depends on: the ERP seeded (`seedContactErp`, then `seed`), SP1
 * coupled to the CRM user Sam Seller, currencies and customers synchronized (C1 and C2 have accounts; C3 is blocked
 * and has none), then the `sync` mappings.
 */
export async function startContactPair(options: ContactPairOptions = {}): Promise<TestPair> {
  const pair = await startTestPair({
    plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, ContactPlugin, ...(options.plugins ?? [])], crmUsers: [CRM_PERSON, SELLER],
  });
  try {
    await seedContactErp(pair.erp());
    await options.seed?.(pair.erp());
    await pair.host.engine.couple(SALESPEOPLE, 'SP1', SELLER.userId);
    await fullSyncOrThrow(pair, [CURRENCY, CUSTOMER, ...(options.sync ?? [])]);
    return pair;
  } catch (error) {
    await pair.close();
    throw error;
  }
}
