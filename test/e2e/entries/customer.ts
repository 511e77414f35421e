import { expect } from 'vitest';
import { CustomerSchema } from '@tandem/erp';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import type { ScenarioEntry } from '../ScenarioEntry';

const CUSTOMER_TYPE_CUSTOMER = 3;

/**
 * CUSTOMER ↔ account. The CRM has an account for one ERP customer already (typed in upper case: it is coupled by name,
 * not duplicated) and an account of its own (it becomes an ERP customer). Ids remembered: `matchedAccount`,
 * `matchedCustomer`, `crmOnlyAccount`.
 */
export const customer: ScenarioEntry = {
  plugin: CustomerAccountPlugin,
  mappings: {
    [CUSTOMER]: {
      toIntegration: { inserted: async (s) => (await s.erp().count(CustomerSchema, { blocked: '' })) - 1, coupled: 1, modified: 1 },
      fromIntegration: { inserted: 1 },
    },
  },
  async seed(s) {
    const matched = await s.erp().findOneOrFail(CustomerSchema, { salespersonCode: 'SP00001', blocked: '' }, { orderBy: { no: 'asc' } });
    s.ids.matchedCustomer = matched.no;
    await s.crmInsert('account', { name: matched.name.toUpperCase(), customertypecode: CUSTOMER_TYPE_CUSTOMER }, 'matchedAccount');
    await s.crmInsert('account', { name: 'Only In The CRM Ltd', customertypecode: CUSTOMER_TYPE_CUSTOMER, telephone1: '+1 555 0100', address1_city: 'Boston' }, 'crmOnlyAccount');
  },
  async checkFirstRun(s) {
    const matched = await s.erp().findOneOrFail(CustomerSchema, { no: s.id('matchedCustomer') });
    expect(await s.crmIdOf(CUSTOMER, matched.no)).toBe(s.id('matchedAccount'));
    const account = await s.crmRow('account', s.id('matchedAccount'));
    expect(account.values).toMatchObject({ name: matched.name, address1_city: matched.city, telephone1: matched.phoneNo, _ownerid_value: await s.crmIdOf(SALESPEOPLE, 'SP00001') });
    expect(await s.host.links.of(CUSTOMER, { businessId: matched.no })).toEqual({
      businessId: matched.no, integrationId: account.id,
      business: `https://erp.example.com/Customer/${encodeURIComponent(matched.no)}`,
      integration: `${s.pair.emulator.url}/main.aspx?pagetype=entityrecord&etn=account&id=${account.id}`,
    });
    const fromCrm = await s.erp().findOneOrFail(CustomerSchema, { no: await s.erpIdOf(CUSTOMER, s.id('crmOnlyAccount')) });
    expect(fromCrm).toMatchObject({ name: 'Only In The CRM Ltd', city: 'Boston', phoneNo: '+1 555 0100' });
  },
  change: {
    async make(s) {
      await s.erp().nativeUpdate(CustomerSchema, { no: s.id('matchedCustomer') }, { city: 'Savannah', modifiedAt: new Date() });
      await s.crmUpdate('account', s.id('matchedAccount'), { telephone1: '+1 912 555 0199' });
    },
    expected: { [CUSTOMER]: { toIntegration: { modified: 1 }, fromIntegration: { modified: 1 } } },
    async verify(s) {
      expect((await s.crmRow('account', s.id('matchedAccount'))).values.address1_city).toBe('Savannah');
      expect((await s.erp().findOneOrFail(CustomerSchema, { no: s.id('matchedCustomer') })).phoneNo).toBe('+1 912 555 0199');
    },
  },
};
