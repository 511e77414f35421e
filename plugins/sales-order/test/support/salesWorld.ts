import type { EntityManager } from '@mikro-orm/core';
import { CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, NoSeriesSchema, UnitOfMeasureSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { CURRENCY_MAPPING, CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING } from '../../src/index';
import { crmInsert } from './crmWrites';

export interface SeedErpOptions {
  /** The setup's write-in item; default `WRITE-IN`, `null` for none. */
  writeInItemNo?: string | null;
  /** Also a quote series `S-QUO` (SQ00001, …) as the setup's `quoteNos`: for the tests of sales quotes. */
  quoteSeries?: boolean;
}

/** The ERP rows the tests sell from: setup (local currency USD = the emulator's base), series, customers, items, EUR. */
export async function seedErp(em: EntityManager, options: SeedErpOptions = {}): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: options.writeInItemNo === undefined ? 'WRITE-IN' : options.writeInItemNo,
    customerNos: null, itemNos: null, salespersonNos: null, orderNos: 'S-ORD', postedInvoiceNos: 'S-INV',
    ...(options.quoteSeries ? { quoteNos: 'S-QUO' } : {}),
  } as never);
  em.create(NoSeriesSchema, { code: 'S-ORD', description: 'Orders', startingNo: 'SO00001', lastNoUsed: null } as never);
  if (options.quoteSeries) em.create(NoSeriesSchema, { code: 'S-QUO', description: 'Quotes', startingNo: 'SQ00001', lastNoUsed: null } as never);
  em.create(NoSeriesSchema, { code: 'S-INV', description: 'Invoices', startingNo: 'SI00001', lastNoUsed: null } as never);
  em.create(CustomerSchema, { no: 'C00001', name: 'Adatum Corporation', blocked: '' } as never);
  em.create(CustomerSchema, { no: 'C00002', name: 'Trey Research', blocked: '' } as never);
  em.create(UnitOfMeasureSchema, { code: 'PCS', description: 'Piece' } as never);
  em.create(ItemSchema, { no: 'I00001', description: 'Bicycle', baseUnitOfMeasure: 'PCS', unitPrice: '100', blocked: false } as never);
  em.create(ItemSchema, { no: 'I00002', description: 'Helmet', baseUnitOfMeasure: 'PCS', unitPrice: '20', blocked: false } as never);
  em.create(ItemSchema, { no: 'WRITE-IN', description: 'Write-in product', baseUnitOfMeasure: 'PCS', unitPrice: '0', blocked: false } as never);
  em.create(CurrencySchema, { code: 'EUR', description: 'Euro', isoCode: 'EUR', amountRoundingPrecision: '0.01' } as never);
  em.create(CurrencyExchangeRateSchema, { currencyCode: 'EUR', startingDate: '2020-01-01', exchangeRateAmount: '1', relationalExchangeRateAmount: '1.25' } as never);
  await em.flush();
}

/** The CRM side the tests sell to: two coupled customer accounts, a vendor account, two coupled products, EUR. */
export interface CrmWorld {
  account: string;
  otherAccount: string;
  vendorAccount: string;
  uncoupledAccount: string;
  contact: string;
  product: string;
  otherProduct: string;
  uncoupledProduct: string;
  priceList: string;
  eur: string;
}

export interface SeedCrmOptions {
  /** The account the contact (Alex Wu) belongs to: `account` (C00001, the default) or `otherAccount` (C00002). */
  contactOf?: 'account' | 'otherAccount';
}

export async function seedCrm(pair: TestPair, options: SeedCrmOptions = {}): Promise<CrmWorld> {
  const { crm, host } = pair;
  const account = await crmInsert(crm, 'account', { name: 'Adatum Corporation', customertypecode: 3 });
  const otherAccount = await crmInsert(crm, 'account', { name: 'Trey Research', customertypecode: 3 });
  const vendorAccount = await crmInsert(crm, 'account', { name: 'Fabrikam Supplies', customertypecode: 11 });
  const uncoupledAccount = await crmInsert(crm, 'account', { name: 'Northwind Traders', customertypecode: 3 });
  const contactParent = options.contactOf === 'otherAccount' ? otherAccount : account;
  const contact = await crmInsert(crm, 'contact', { firstname: 'Alex', lastname: 'Wu', parentcustomerid: { table: 'account', id: contactParent } });
  const product = await crmInsert(crm, 'product', { name: 'Bicycle', productnumber: 'I00001', producttypecode: 1 });
  const otherProduct = await crmInsert(crm, 'product', { name: 'Helmet', productnumber: 'I00002', producttypecode: 1 });
  const uncoupledProduct = await crmInsert(crm, 'product', { name: 'Bell', productnumber: 'BELL', producttypecode: 1 });
  const priceList = await crmInsert(crm, 'pricelevel', { name: 'Retail', transactioncurrencyid: pair.emulator.baseCurrencyId });
  const eur = await crmInsert(crm, 'transactioncurrency', { isocurrencycode: 'EUR', currencyname: 'Euro', currencysymbol: '€', exchangerate: 0.8, currencyprecision: 2 });
  await host.engine.couple(CUSTOMER_MAPPING, 'C00001', account);
  await host.engine.couple(CUSTOMER_MAPPING, 'C00002', otherAccount);
  await host.engine.couple(ITEM_PRODUCT_MAPPING, 'I00001', product);
  await host.engine.couple(ITEM_PRODUCT_MAPPING, 'I00002', otherProduct);
  await host.engine.couple(CURRENCY_MAPPING, 'EUR', eur);
  return { account, otherAccount, vendorAccount, uncoupledAccount, contact, product, otherProduct, uncoupledProduct, priceList, eur };
}

/** One line of a CRM order or quote: a product (by id) or a write-in (`productdescription`). */
export interface CrmLine {
  product?: string;
  productdescription?: string;
  quantity: number;
  priceperunit: number;
  manualdiscountamount?: number;
  description?: string;
  sequencenumber?: number;
}

/** The CRM row values of one order or quote line (`salesorderdetail`, `quotedetail`) but its parent; `index` from 0. */
export function crmLineValues(line: CrmLine, index: number): Record<string, unknown> {
  return {
    ...(line.product ? { productid: line.product } : { isproductoverridden: true, productdescription: line.productdescription ?? 'Write-in' }),
    quantity: line.quantity,
    priceperunit: line.priceperunit,
    ispriceoverridden: true,
    ...(line.manualdiscountamount !== undefined ? { manualdiscountamount: line.manualdiscountamount } : {}),
    ...(line.description ? { description: line.description } : {}),
    sequencenumber: line.sequencenumber ?? index + 1,
  };
}
