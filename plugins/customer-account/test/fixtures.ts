import type { EntityManager } from '@mikro-orm/core';
import { CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, NoSeriesSchema, SalespersonSchema, type Customer } from '@tandem/erp';

/** The CRM people of the tests: the one who edits in the CRM, and a seller coupled to salesperson SP1. */
export const CRM_PERSON = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey CRM' };
export const SELLER = { userId: '5e11e500-0000-4000-8000-000000000001', fullName: 'Sam Seller' };

/** The ERP's local currency; the emulator's base currency is USD too. */
export const LOCAL_CURRENCY = 'USD';

/** Setup, number series, two salespeople and a foreign currency with its rate. */
export async function seedErp(em: EntityManager): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: LOCAL_CURRENCY, writeInItemNo: null, customerNos: 'CUST', itemNos: null,
    salespersonNos: null, orderNos: null, postedInvoiceNos: null,
  } as never);
  em.create(NoSeriesSchema, { code: 'CUST', description: 'Customers', startingNo: 'C10001', lastNoUsed: null } as never);
  em.create(SalespersonSchema, { code: 'SP1', name: 'Sam Seller', email: null, phoneNo: null, jobTitle: null, blocked: false } as never);
  em.create(SalespersonSchema, { code: 'SP2', name: 'Uma Uncoupled', email: null, phoneNo: null, jobTitle: null, blocked: false } as never);
  em.create(CurrencySchema, { code: 'EUR', description: 'Euro', isoCode: 'EUR', symbol: '€', amountRoundingPrecision: '0.01' } as never);
  em.create(CurrencyExchangeRateSchema, { currencyCode: 'EUR', startingDate: '2024-01-01', exchangeRateAmount: '0.9', relationalExchangeRateAmount: '1' } as never);
  await em.flush();
}

/** A customer with every mapped field filled; `overrides` change or blank some. */
export function customerValues(no: string, overrides: Partial<Customer> = {}): Partial<Customer> {
  return {
    no,
    name: `Customer ${no}`,
    address: '1 Main Street',
    address2: 'Building B',
    postCode: '2100',
    city: 'Copenhagen',
    countryRegionCode: 'DK',
    county: 'Capital',
    contact: 'Carla Contact',
    phoneNo: '+45 1111 2222',
    faxNo: '+45 1111 2223',
    email: `${no.toLowerCase()}@example.com`,
    homePage: `https://${no.toLowerCase()}.example.com`,
    salespersonCode: 'SP1',
    currencyCode: null,
    paymentTermsCode: 'NET 45',
    shipmentMethodCode: 'NO CHARGE',
    shippingAgentCode: 'UPS',
    creditLimitLcy: '5000',
    blocked: '',
    ...overrides,
  };
}

export async function addCustomer(em: EntityManager, no: string, overrides: Partial<Customer> = {}): Promise<void> {
  em.create(CustomerSchema, customerValues(no, overrides) as never);
  await em.flush();
}

/** Changes an ERP customer as a user would (MikroORM moves modifiedAt). */
export async function changeCustomer(em: EntityManager, no: string, changes: Partial<Customer>): Promise<void> {
  const customer = await em.findOneOrFail(CustomerSchema, { no });
  Object.assign(customer, changes);
  await em.flush();
}

export async function getCustomer(em: EntityManager, no: string): Promise<Customer | null> {
  return em.findOne(CustomerSchema, { no }, { disableIdentityMap: true });
}
