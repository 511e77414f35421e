import { expect } from 'vitest';
import { ContactSchema, OpportunitySchema, type OpportunityStatus } from '@tandem/erp';
import { CONTACT } from '@tandem/plugin-contact';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { OPPORTUNITY, OpportunityPlugin } from '@tandem/plugin-opportunity';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import type { ScenarioEntry } from '../ScenarioEntry';

/** The reference's status filter: won and lost opportunities are not sent. */
export const OPEN_OPPORTUNITIES = { status: { $in: ['Not Started', 'In Progress'] as OpportunityStatus[] } };

/**
 * OPPORTUNITY ↔ opportunity: open ERP opportunities go to the CRM with contact, account and owner through couplings;
 * Casey's opportunity for the CRM contact comes back with that contact and its company (id `crmOpportunity`).
 */
export const opportunity: ScenarioEntry = {
  plugin: OpportunityPlugin,
  mappings: { [OPPORTUNITY]: { toIntegration: { inserted: (s) => s.erp().count(OpportunitySchema, OPEN_OPPORTUNITIES) }, fromIntegration: { inserted: 1 } } },
  async seed(s) {
    await s.crmInsert('opportunity', { name: 'Solar roof for Nora', parentcontactid: s.id('crmContact'), parentaccountid: s.id('matchedAccount') }, 'crmOpportunity');
  },
  async checkFirstRun(s) {
    const [open] = await s.erp().find(OpportunitySchema, OPEN_OPPORTUNITIES, { orderBy: { no: 'asc' }, limit: 1 });
    const crm = await s.crmRow('opportunity', await s.crmIdOf(OPPORTUNITY, open!.no));
    expect(crm.values).toMatchObject({
      name: open!.description,
      _parentcontactid_value: await s.crmIdOf(CONTACT, open!.contactNo!),
      _parentaccountid_value: await s.crmIdOf(CUSTOMER, await s.customerOfCompany(open!.contactCompanyNo!)),
      _ownerid_value: await s.crmIdOf(SALESPEOPLE, open!.salespersonCode!),
    });
    expect(Number(crm.values.estimatedvalue)).toBe(Number(open!.estimatedValueLcy));
    const nora = await s.erp().findOneOrFail(ContactSchema, { no: await s.erpIdOf(CONTACT, s.id('crmContact')) });
    const fromCrm = await s.erp().findOneOrFail(OpportunitySchema, { no: await s.erpIdOf(OPPORTUNITY, s.id('crmOpportunity')) });
    expect(fromCrm).toMatchObject({ description: 'Solar roof for Nora', contactNo: nora.no, contactCompanyNo: nora.companyNo, status: 'In Progress' });
  },
  change: {
    async make(s) {
      const [open] = await s.erp().find(OpportunitySchema, OPEN_OPPORTUNITIES, { orderBy: { no: 'asc' }, limit: 1 });
      s.ids.changedOpportunity = open!.no;
      await s.erp().nativeUpdate(OpportunitySchema, { no: open!.no }, { estimatedValueLcy: '4321', modifiedAt: new Date() });
      await s.crmUpdate('opportunity', s.id('crmOpportunity'), { name: 'Solar roof and battery for Nora' });
    },
    expected: { [OPPORTUNITY]: { toIntegration: { modified: 1 }, fromIntegration: { modified: 1 } } },
    async verify(s) {
      expect(Number((await s.crmRow('opportunity', await s.crmIdOf(OPPORTUNITY, s.id('changedOpportunity')))).values.estimatedvalue)).toBe(4321);
      expect((await s.erp().findOneOrFail(OpportunitySchema, { no: await s.erpIdOf(OPPORTUNITY, s.id('crmOpportunity')) })).description).toBe('Solar roof and battery for Nora');
    },
  },
};
