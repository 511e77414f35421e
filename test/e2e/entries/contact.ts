import { expect } from 'vitest';
import { ContactSchema } from '@tandem/erp';
import { CONTACT, ContactPlugin } from '@tandem/plugin-contact';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import type { ScenarioEntry } from '../ScenarioEntry';

/** Seed filter: persons assigned to a company. */
const PERSONS = { type: 'Person' as const, companyNo: { $ne: null } };

/**
 * CONTACT ↔ contact: every ERP person of a company goes under the account coupled to that company's customer; a CRM
 * contact Casey adds under the matched account becomes an ERP person of the customer's company (id `crmContact`).
 */
export const contact: ScenarioEntry = {
  plugin: ContactPlugin,
  mappings: { [CONTACT]: { toIntegration: { inserted: (s) => s.erp().count(ContactSchema, PERSONS) }, fromIntegration: { inserted: 1 } } },
  async seed(s) {
    await s.crmInsert('contact', { firstname: 'Nora', lastname: 'North', telephone1: '+1 555 0111', parentcustomerid: { table: 'account', id: s.id('matchedAccount') } }, 'crmContact');
  },
  async checkFirstRun(s) {
    // ERP → CRM: the parent account is the coupled account of the person's company's customer; the owner its salesperson's user.
    const [person] = await s.erp().find(ContactSchema, PERSONS, { orderBy: { no: 'asc' }, limit: 1 });
    const crm = await s.crmRow('contact', await s.crmIdOf(CONTACT, person!.no));
    expect(crm.values).toMatchObject({
      firstname: person!.firstName, lastname: person!.surname, telephone1: person!.phoneNo, emailaddress1: person!.email,
      _parentcustomerid_value: await s.crmIdOf(CUSTOMER, await s.customerOfCompany(person!.companyNo!)),
      _ownerid_value: await s.crmIdOf(SALESPEOPLE, person!.salespersonCode!),
    });
    // CRM → ERP: the company is the company contact of the customer coupled to the parent account.
    const fromCrm = await s.erp().findOneOrFail(ContactSchema, { no: await s.erpIdOf(CONTACT, s.id('crmContact')) });
    expect(fromCrm).toMatchObject({ type: 'Person', name: 'Nora North', phoneNo: '+1 555 0111', companyNo: await s.companyOfCustomer(s.id('matchedCustomer')) });
  },
  change: {
    async make(s) {
      const [person] = await s.erp().find(ContactSchema, PERSONS, { orderBy: { no: 'asc' }, limit: 1 });
      s.ids.changedContact = person!.no;
      await s.erp().nativeUpdate(ContactSchema, { no: person!.no }, { phoneNo: '+1 555 0199', modifiedAt: new Date() });
      await s.crmUpdate('contact', s.id('crmContact'), { lastname: 'Northwood' });
    },
    expected: { [CONTACT]: { toIntegration: { modified: 1 }, fromIntegration: { modified: 1 } } },
    async verify(s) {
      expect((await s.crmRow('contact', await s.crmIdOf(CONTACT, s.id('changedContact')))).values.telephone1).toBe('+1 555 0199');
      expect(await s.erp().findOneOrFail(ContactSchema, { no: await s.erpIdOf(CONTACT, s.id('crmContact')) })).toMatchObject({ surname: 'Northwood', name: 'Nora Northwood' });
    },
  },
};
