import type { EntityManager } from '@mikro-orm/core';
import type { TableStore, WriteOperation } from '@tandem/core';
import { CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, NoSeriesSchema, UnitOfMeasureSchema } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { CURRENCY_MAPPING, CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING, SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { SalesQuotePlugin, type SalesQuotePluginOptions } from '../src/index';

/** A pair with the entity plugins, the sales-order plugin (automatic creation off) and the sales-quote plugin. */
export function startPair(options: SalesQuotePluginOptions = {}): Promise<TestPair> {
  return startTestPair({
    plugins: [SalespersonUserPlugin, UnitOfMeasurePlugin, CurrencyPlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin, SalesQuotePlugin.withOptions(options)],
  });
}

/** The ERP rows: setup (local currency USD = the emulator's base) with quote and order series, customers, items, EUR. */
export async function seedErp(em: EntityManager): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: 'WRITE-IN', customerNos: null, itemNos: null, salespersonNos: null,
    orderNos: 'S-ORD', quoteNos: 'S-QUO', postedInvoiceNos: 'S-INV',
  } as never);
  em.create(NoSeriesSchema, { code: 'S-ORD', description: 'Orders', startingNo: 'SO00001', lastNoUsed: null } as never);
  em.create(NoSeriesSchema, { code: 'S-QUO', description: 'Quotes', startingNo: 'SQ00001', lastNoUsed: null } as never);
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

export async function crmInsert(crm: TableStore, table: string, values: Record<string, unknown>): Promise<string> {
  return (await crmWrite(crm, table, { kind: 'insert', ref: table, values }))!;
}

export async function crmUpdate(crm: TableStore, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  await crmWrite(crm, table, { kind: 'update', ref: table, id, values });
}

async function crmWrite(crm: TableStore, table: string, operation: WriteOperation): Promise<string | undefined> {
  const [result] = await crm.write(table, [operation]);
  if (!result?.ok) throw new Error(`CRM ${operation.kind} on ${table} failed: ${result?.ok === false ? result.error.message : 'no result'}`);
  return String(result.id);
}

export async function crmRow(crm: TableStore, table: string, id: string): Promise<Record<string, unknown>> {
  const [row] = await crm.getByIds(table, [id]);
  if (!row) throw new Error(`CRM ${table} ${id} not found`);
  return row.values;
}

/** The CRM side: two coupled customer accounts, one uncoupled, a contact, two coupled products, one uncoupled, EUR. */
export interface CrmWorld {
  account: string;
  otherAccount: string;
  uncoupledAccount: string;
  contact: string;
  product: string;
  otherProduct: string;
  uncoupledProduct: string;
  priceList: string;
  eur: string;
}

export async function seedCrm(pair: TestPair): Promise<CrmWorld> {
  const { crm, host } = pair;
  const account = await crmInsert(crm, 'account', { name: 'Adatum Corporation', customertypecode: 3 });
  const otherAccount = await crmInsert(crm, 'account', { name: 'Trey Research', customertypecode: 3 });
  const uncoupledAccount = await crmInsert(crm, 'account', { name: 'Northwind Traders', customertypecode: 3 });
  const contact = await crmInsert(crm, 'contact', { firstname: 'Alex', lastname: 'Wu', parentcustomerid: { table: 'account', id: otherAccount } });
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
  return { account, otherAccount, uncoupledAccount, contact, product, otherProduct, uncoupledProduct, priceList, eur };
}

/** One quote product: a product (by id) or a write-in (`productdescription`). */
export interface CrmLine {
  product?: string;
  productdescription?: string;
  quantity: number;
  priceperunit: number;
  manualdiscountamount?: number;
  description?: string;
}

export interface QuoteSpec {
  name: string;
  /** Set for a revision: the quote number it revises. */
  quotenumber?: string;
  customer?: { table: string; id: string };
  currency?: string;
  effectiveto?: string;
  lines: CrmLine[];
}

/** Creates a CRM quote (Draft) with its quote products; returns its id. */
export async function draftQuote(pair: TestPair, world: CrmWorld, quote: QuoteSpec): Promise<string> {
  const { crm } = pair;
  const id = await crmInsert(crm, 'quote', {
    name: quote.name,
    customerid: quote.customer ?? { table: 'account', id: world.account },
    pricelevelid: world.priceList,
    ...(quote.quotenumber ? { quotenumber: quote.quotenumber } : {}),
    ...(quote.currency ? { transactioncurrencyid: quote.currency } : {}),
    ...(quote.effectiveto ? { effectiveto: quote.effectiveto } : {}),
  });
  for (const [index, line] of quote.lines.entries()) {
    await crmInsert(crm, 'quotedetail', {
      quoteid: id,
      ...(line.product ? { productid: line.product } : { isproductoverridden: true, productdescription: line.productdescription ?? 'Write-in' }),
      quantity: line.quantity,
      priceperunit: line.priceperunit,
      ispriceoverridden: true,
      ...(line.manualdiscountamount !== undefined ? { manualdiscountamount: line.manualdiscountamount } : {}),
      ...(line.description ? { description: line.description } : {}),
      sequencenumber: index + 1,
    });
  }
  return id;
}

/** Creates a CRM quote with its products and activates it (state Active); returns its id. */
export async function activeQuote(pair: TestPair, world: CrmWorld, quote: QuoteSpec): Promise<string> {
  const id = await draftQuote(pair, world, quote);
  await crmUpdate(pair.crm, 'quote', id, { statecode: 1, statuscode: 2 });
  return id;
}

/** What the CRM's ReviseQuote does: closes the quote as Revised; its successor (same number, next revision) is activated. */
export async function reviseQuote(pair: TestPair, world: CrmWorld, quoteId: string, next: Omit<QuoteSpec, 'quotenumber'>): Promise<string> {
  const number = String((await crmRow(pair.crm, 'quote', quoteId))['quotenumber']);
  await crmUpdate(pair.crm, 'quote', quoteId, { statecode: 3, statuscode: 7 });
  return activeQuote(pair, world, { ...next, quotenumber: number });
}

export async function winQuote(pair: TestPair, quoteId: string): Promise<void> {
  await crmUpdate(pair.crm, 'quote', quoteId, { statecode: 2, statuscode: 4 });
}

/** The CRM order made from a quote (with its lines), submitted unless told otherwise; returns its id. */
export async function orderFromQuote(pair: TestPair, world: CrmWorld, quoteId: string, options: { submit?: boolean; lines?: CrmLine[] } = {}): Promise<string> {
  const quote = await crmRow(pair.crm, 'quote', quoteId);
  const id = await crmInsert(pair.crm, 'salesorder', {
    name: String(quote['name']),
    customerid: { table: 'account', id: String(quote['_customerid_value']) },
    pricelevelid: world.priceList,
    quoteid: quoteId,
  });
  for (const [index, line] of (options.lines ?? [{ product: world.product, quantity: 1, priceperunit: 100 }]).entries()) {
    await crmInsert(pair.crm, 'salesorderdetail', {
      salesorderid: id, productid: line.product, quantity: line.quantity, priceperunit: line.priceperunit, ispriceoverridden: true, sequencenumber: index + 1,
    });
  }
  if (options.submit !== false) await crmUpdate(pair.crm, 'salesorder', id, { statecode: 1 });
  return id;
}
