import { expect } from 'vitest';
import { CurrencySchema } from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import type { ScenarioEntry } from '../ScenarioEntry';

/**
 * CURRENCY → transactioncurrency: the CRM already has GBP, which is coupled by its ISO code instead of duplicated, and
 * then takes the ERP's values (coupled and modified).
 */
export const currency: ScenarioEntry = {
  plugin: CurrencyPlugin,
  mappings: {
    [CURRENCY]: { toIntegration: { inserted: async (s) => (await s.erp().count(CurrencySchema, {})) - 1, coupled: 1, modified: 1 } },
  },
  async seed(s) {
    await s.crmInsert('transactioncurrency', { isocurrencycode: 'GBP', currencyname: 'Pound Sterling', currencysymbol: '£', exchangerate: 0.8, currencyprecision: 2 }, 'gbp');
  },
  async checkFirstRun(s) {
    const currencies = await s.crmRows('transactioncurrency');
    expect(currencies.filter((c) => c.values.isocurrencycode === 'GBP').map((c) => c.id)).toEqual([s.id('gbp')]);
    expect(await s.crmIdOf(CURRENCY, 'GBP')).toBe(s.id('gbp'));
    const eur = await s.crmRow('transactioncurrency', await s.crmIdOf(CURRENCY, 'EUR'));
    expect(eur.values).toMatchObject({ isocurrencycode: 'EUR', currencyname: 'Euro' });
    // The coupled GBP now carries the ERP's name for it (the CRM said "Pound Sterling").
    expect((await s.crmRow('transactioncurrency', s.id('gbp'))).values.currencyname).toBe('Pound sterling');
  },
};
