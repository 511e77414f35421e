import { expect } from 'vitest';
import { OpportunitySchema } from '@tandem/erp';
import { ACCOUNT_VIEW, AccountViewPlugin } from '@tandem/plugin-account-view';
import type { ScenarioEntry } from '../ScenarioEntry';
import { OPEN_OPPORTUNITIES } from './opportunity';

/**
 * The account view (no mapping): the matched customer's open opportunities, quotes and cases, read from the CRM. The
 * open opportunities are as many as the ERP has for the customer's company (Casey's among them, made in the CRM);
 * Casey adds a quote, an open case and a resolved one.
 */
export const accountView: ScenarioEntry = {
  plugin: AccountViewPlugin,
  mappings: {},
  async seed(s) {
    const customer = { table: 'account', id: s.id('matchedAccount') };
    await s.crmInsert('quote', { name: 'Spring quote', customerid: customer, pricelevelid: s.id('priceList') });
    await s.crmInsert('incident', { title: 'Broken hinge', customerid: customer, ticketnumber: 'CAS-1001' });
    const resolved = await s.crmInsert('incident', { title: 'Late delivery', customerid: customer });
    await s.crmUpdate('incident', resolved, { statecode: 1, statuscode: 5 });
  },
  async checkFirstRun(s) {
    const company = await s.companyOfCustomer(s.id('matchedCustomer'));
    const openForCompany = await s.erp().count(OpportunitySchema, { ...OPEN_OPPORTUNITIES, contactCompanyNo: company });
    const view = await s.host.container.resolve(ACCOUNT_VIEW).forCustomer(s.id('matchedCustomer'));
    expect(view).toMatchObject({ accountId: s.id('matchedAccount'), quotes: { count: 1 }, cases: { count: 1 } });
    expect(openForCompany).toBeGreaterThan(0);
    expect(view.opportunities.count).toBe(openForCompany);
    expect(view.opportunities.rows.map((r) => r.name)).toContain('Solar roof for Nora');
    expect(view.cases.rows.map((r) => r.number)).toEqual(['CAS-1001']);
  },
};
