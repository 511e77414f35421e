import type { EntityManager } from '@mikro-orm/core';
import {
  ContactBusinessRelationSchema, ContactSchema, CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema,
  NoSeriesSchema, SalespersonSchema, type Contact,
} from '@tandem/erp';

/**
 * The ERP every contact-based test starts from: setup with the customer (CUST), contact (CONT) and opportunity (OPP)
 * series, salesperson SP1, EUR with a rate, and customers C1, C2 (synchronized) and C3 (blocked, so never coupled).
 * No contacts: tests add their companies and persons with `addCompany` / `addPerson`.
 */
export async function seedContactErp(em: EntityManager): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: null, customerNos: 'CUST', itemNos: null, salespersonNos: null, orderNos: null,
    postedInvoiceNos: null, contactNos: 'CONT', opportunityNos: 'OPP',
  } as never);
  for (const [code, description, startingNo] of [['CUST', 'Customers', 'C10001'], ['CONT', 'Contacts', 'CT10001'], ['OPP', 'Opportunities', 'OP10001']]) {
    em.create(NoSeriesSchema, { code, description, startingNo, lastNoUsed: null } as never);
  }
  em.create(SalespersonSchema, { code: 'SP1', name: 'Sam Seller', email: null, phoneNo: null, jobTitle: null, blocked: false } as never);
  em.create(CurrencySchema, { code: 'EUR', description: 'Euro', isoCode: 'EUR', symbol: '€', amountRoundingPrecision: '0.01' } as never);
  em.create(CurrencyExchangeRateSchema, { currencyCode: 'EUR', startingDate: '2024-01-01', exchangeRateAmount: '0.9', relationalExchangeRateAmount: '1' } as never);
  for (const [no, blocked] of [['C1', ''], ['C2', ''], ['C3', 'All']] as const) {
    em.create(CustomerSchema, { no, name: `Customer ${no}`, salespersonCode: 'SP1', creditLimitLcy: '0', blocked } as never);
  }
  await em.flush();
}

/** A company contact, linked to a customer (a business relation) when `customerNo` is given. */
export async function addCompany(em: EntityManager, no: string, customerNo: string | null): Promise<void> {
  em.create(ContactSchema, { no, type: 'Company', companyNo: no, companyName: `Company ${no}`, name: `Company ${no}` } as never);
  if (customerNo) em.create(ContactBusinessRelationSchema, { contactNo: no, businessRelationCode: 'CUST', linkToTable: 'Customer', no: customerNo } as never);
  await em.flush();
}

/** A person of a company, with every field the CONTACT mapping maps filled; `overrides` change some. */
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
