import { expect } from 'vitest';
import { CustomerSchema, LEDGER_SERVICE } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { ACCOUNT_STATISTICS_VALUE, CUSTOMER_STATISTICS, CustomerStatisticsPlugin, STATISTICS_TABLE } from '@tandem/plugin-customer-statistics';
import type { Scenario } from '../Scenario';
import type { ScenarioEntry } from '../ScenarioEntry';

/** The statistics row the matched customer's account links to. */
async function matchedStatistics(s: Scenario) {
  const account = await s.crmRow('account', s.id('matchedAccount'));
  return s.crmRow(STATISTICS_TABLE, String(account.values[ACCOUNT_STATISTICS_VALUE]));
}

/**
 * The plugin job CUSTOMER-STATISTICS (BC's "CRM Statistics Job"): its first run writes a statistics row for every
 * coupled customer and links the account to it, without the account's change coming back through CUSTOMER (the quiet
 * runs show it). The change: a payment from the matched customer, whose posted invoice (posted-sales-invoice's seed)
 * is open, is re-sent alone.
 */
export const customerStatistics: ScenarioEntry = {
  plugin: CustomerStatisticsPlugin,
  mappings: {},
  jobs: { [CUSTOMER_STATISTICS]: { toIntegration: { inserted: async (s) => (await s.host.state.couplings(CUSTOMER, { skipped: false })).length } } },
  async checkFirstRun(s) {
    const customer = await s.erp().findOneOrFail(CustomerSchema, { no: s.id('matchedCustomer') });
    const statistics = await matchedStatistics(s);
    expect(statistics.values).toMatchObject({ nav_customerno: customer.no });
    expect(Number(statistics.values.nav_balancelcy)).toBeGreaterThan(0); // the posted invoice is open
    expect(Number(statistics.values.nav_creditlimitlcy)).toBe(Number(customer.creditLimitLcy));
  },
  change: {
    async make(s) {
      s.ids.balanceBeforePayment = String((await matchedStatistics(s)).values.nav_balancelcy);
      await s.host.container.resolve(LEDGER_SERVICE).postPayment({ customerNo: s.id('matchedCustomer'), amountLcy: 10 });
    },
    expected: { [CUSTOMER_STATISTICS]: { toIntegration: { modified: 1 } } },
    async verify(s) {
      expect(Number((await matchedStatistics(s)).values.nav_balancelcy)).toBeCloseTo(Number(s.id('balanceBeforePayment')) - 10, 2);
    },
  },
};
