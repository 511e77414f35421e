import type { EntityManager } from '@mikro-orm/core';
import type { Row } from '@tandem/core';
import {
  ContactBusinessRelationSchema, ContactSchema, CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema,
  NoSeriesSchema, SalespersonSchema, type Contact,
} from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { TestPair } from '@tandem/testing';
import { CONTACT } from '../src/index';

/** The CRM people of the tests: the one who edits in the CRM, and a seller coupled to salesperson SP1. */
export const CRM_PERSON = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey CRM' };
export const SELLER = { userId: '5e11e500-0000-4000-8000-000000000001', fullName: 'Sam Seller' };

/** Setup with customer and contact series, SP1, EUR with a rate, and customers C1, C2 (synchronized) and C3 (blocked, so never coupled). */
export async function seedErp(em: EntityManager): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: null, customerNos: 'CUST', itemNos: null, salespersonNos: null, orderNos: null,
    postedInvoiceNos: null, contactNos: 'CONT', opportunityNos: null,
  } as never);
  em.create(NoSeriesSchema, { code: 'CUST', description: 'Customers', startingNo: 'C10001', lastNoUsed: null } as never);
  em.create(NoSeriesSchema, { code: 'CONT', description: 'Contacts', startingNo: 'CT10001', lastNoUsed: null } as never);
  em.create(SalespersonSchema, { code: 'SP1', name: 'Sam Seller', email: null, phoneNo: null, jobTitle: null, blocked: false } as never);
  em.create(CurrencySchema, { code: 'EUR', description: 'Euro', isoCode: 'EUR', symbol: '€', amountRoundingPrecision: '0.01' } as never);
  em.create(CurrencyExchangeRateSchema, { currencyCode: 'EUR', startingDate: '2024-01-01', exchangeRateAmount: '0.9', relationalExchangeRateAmount: '1' } as never);
  for (const [no, blocked] of [['C1', ''], ['C2', ''], ['C3', 'All']] as const) {
    em.create(CustomerSchema, { no, name: `Customer ${no}`, salespersonCode: 'SP1', creditLimitLcy: '0', blocked } as never);
  }
  await em.flush();
}

/** A company contact, linked to a customer when `customerNo` is given. */
export async function addCompany(em: EntityManager, no: string, customerNo: string | null): Promise<void> {
  em.create(ContactSchema, { no, type: 'Company', companyNo: no, companyName: `Company ${no}`, name: `Company ${no}` } as never);
  if (customerNo) em.create(ContactBusinessRelationSchema, { contactNo: no, businessRelationCode: 'CUST', linkToTable: 'Customer', no: customerNo } as never);
  await em.flush();
}

/** A person of a company, with every mapped field filled; `overrides` change some. */
export async function addPerson(em: EntityManager, no: string, companyNo: string | null, overrides: Partial<Contact> = {}): Promise<void> {
  em.create(ContactSchema, {
    no, type: 'Person', companyNo, companyName: companyNo ? `Company ${companyNo}` : null, name: 'Pia Q Person', firstName: 'Pia', middleName: 'Q',
    surname: 'Person', jobTitle: 'Buyer', address: '1 Main Street', address2: 'Floor 2', postCode: '2100', city: 'Copenhagen', county: 'Capital',
    countryRegionCode: 'DK', phoneNo: '+45 1111 2222', mobilePhoneNo: '+45 3333 4444', faxNo: '+45 1111 2223', pager: '555', email: 'pia@example.com',
    homePage: 'https://pia.example.com', salespersonCode: 'SP1', currencyCode: 'EUR', ...overrides,
  } as never);
  await em.flush();
}

export async function changeContact(em: EntityManager, no: string, changes: Partial<Contact>): Promise<void> {
  const contact = await em.findOneOrFail(ContactSchema, { no });
  Object.assign(contact, changes);
  await em.flush();
}

export async function getContact(em: EntityManager, no: string): Promise<Contact | null> {
  return em.findOne(ContactSchema, { no }, { disableIdentityMap: true });
}

/** Creates a CRM row as the CRM person; returns its id. */
export async function addCrm(pair: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write(table, [{ kind: 'insert', ref: 'new', values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
  return result.id;
}

export async function changeCrm(pair: TestPair, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await pair.crm.write(table, [{ kind: 'update', ref: id, id, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
}

export async function getCrm(pair: TestPair, table: string, id: string): Promise<Row> {
  const [row] = await pair.crm.getByIds(table, [id]);
  if (!row) throw new Error(`${table} ${id} not found`);
  return row;
}

/** The account coupled to an ERP customer. */
export async function accountIdOf(pair: TestPair, customerNo: string): Promise<string> {
  const coupling = await pair.host.state.findCoupling(CUSTOMER, 'business', customerNo);
  if (!coupling?.integrationId) throw new Error(`customer ${customerNo} is not coupled`);
  return coupling.integrationId;
}

/** The CRM contact coupled to an ERP contact. */
export async function crmContactOf(pair: TestPair, contactNo: string): Promise<Row> {
  const coupling = await pair.host.state.findCoupling(CONTACT, 'business', contactNo);
  if (!coupling?.integrationId) throw new Error(`contact ${contactNo} is not coupled`);
  return getCrm(pair, 'contact', coupling.integrationId);
}

export async function erpContactNoOf(pair: TestPair, crmContactId: string): Promise<string | null> {
  return (await pair.host.state.findCoupling(CONTACT, 'integration', crmContactId))?.businessId ?? null;
}

/** Every job counter that means a write or a failure, summed. */
export function writesAndFailures(jobs: { inserted: number; modified: number; failed: number; skipped: number }[]): number {
  return jobs.reduce((sum, job) => sum + job.inserted + job.modified + job.failed + job.skipped, 0);
}
