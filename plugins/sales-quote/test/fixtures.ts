import type { EntityManager } from '@mikro-orm/core';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { crmInsert, crmLineValues, crmRow, crmUpdate, seedCrm as seedOrderCrm, seedErp as seedOrderErp, type CrmLine, type CrmWorld } from '@tandem/plugin-sales-order/testing';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { SALES_QUOTE_PROCESSOR, SalesQuotePlugin, type SalesQuotePluginOptions, type SalesQuoteProcessor } from '../src/index';

export { crmInsert, crmRow, crmUpdate, type CrmLine, type CrmWorld } from '@tandem/plugin-sales-order/testing';

/** A pair with the entity plugins, the sales-order plugin (automatic creation off) and the sales-quote plugin. */
export function startPair(options: SalesQuotePluginOptions = {}): Promise<TestPair> {
  return startTestPair({
    plugins: [SalespersonUserPlugin, UnitOfMeasurePlugin, CurrencyPlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin, SalesQuotePlugin.withOptions(options)],
  });
}

/** The ERP rows of the sales-order tests with a quote series: setup (`quoteNos` S-QUO), customers, items, EUR. */
export function seedErp(em: EntityManager): Promise<void> {
  return seedOrderErp(em, { quoteSeries: true });
}

/** The CRM world of the sales-order tests, its contact belonging to the other account (C00002). */
export function seedCrm(pair: TestPair): Promise<CrmWorld> {
  return seedOrderCrm(pair, { contactOf: 'otherAccount' });
}

/** A started quote pair: the pair, its seeded CRM world and the quote processor. */
export interface QuotePair {
  pair: TestPair;
  world: CrmWorld;
  processor: SalesQuoteProcessor;
}

/** `startPair` (automatic quote processing on unless told) with both sides seeded; closes the pair if seeding fails. */
export async function startQuotePair(autoProcessSalesQuotes = true): Promise<QuotePair> {
  const pair = await startPair({ autoProcessSalesQuotes });
  try {
    await seedErp(pair.erp());
    return { pair, world: await seedCrm(pair), processor: pair.host.container.resolve(SALES_QUOTE_PROCESSOR) };
  } catch (error) {
    await pair.close();
    throw error;
  }
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
    await crmInsert(crm, 'quotedetail', { quoteid: id, ...crmLineValues(line, index) });
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
