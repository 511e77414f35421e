import type { Row } from '@tandem/core';
import {
  CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, NoSeriesSchema, SALES_ORDER_SERVICE,
  SalespersonSchema, ShipmentMethodSchema, UnitOfMeasureSchema, type CreateSalesOrderInput, type SalesInvoiceHeader,
} from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT, ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { POSTED_SALES_INVOICE, PostedSalesInvoicePlugin } from '../src/index';

export const SELLER = { userId: '5e11e500-0000-4000-8000-000000000001', fullName: 'Sam Seller' };

/**
 * A pair with the invoice plugin and its chain: ERP setup (local currency USD = the emulator's base), SP1 coupled to
 * Sam Seller, customers C1 and C2, items I1 and I2 and the write-in item, EUR, shipment method FOB; CURRENCY,
 * UNIT OF MEASURE, ITEM-PRODUCT and CUSTOMER fully synchronized. Item I3 and customer C3 are added afterwards, so they
 * are not coupled.
 */
export async function startInvoicePair(): Promise<TestPair> {
  const pair = await startTestPair({
    plugins: [SalespersonUserPlugin, UnitOfMeasurePlugin, CurrencyPlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin, PostedSalesInvoicePlugin],
    crmUsers: [SELLER],
  });
  const em = pair.erp();
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: 'WRITE-IN', customerNos: null, itemNos: null, salespersonNos: null,
    orderNos: 'S-ORD', postedInvoiceNos: 'S-INV',
  } as never);
  em.create(NoSeriesSchema, { code: 'S-ORD', description: 'Orders', startingNo: 'SO00001', lastNoUsed: null } as never);
  em.create(NoSeriesSchema, { code: 'S-INV', description: 'Invoices', startingNo: 'SI00001', lastNoUsed: null } as never);
  em.create(SalespersonSchema, { code: 'SP1', name: 'Sam Seller', email: null, phoneNo: null, jobTitle: null, blocked: false } as never);
  em.create(ShipmentMethodSchema, { code: 'FOB', description: 'Free on board' } as never);
  em.create(UnitOfMeasureSchema, { code: 'PCS', description: 'Piece' } as never);
  for (const [no, description, price] of [['I1', 'Bicycle', '100'], ['I2', 'Helmet', '20'], ['WRITE-IN', 'Write-in product', '0']]) {
    em.create(ItemSchema, { no, description, baseUnitOfMeasure: 'PCS', unitPrice: price, blocked: false } as never);
  }
  for (const [no, name] of [['C1', 'Adatum Corporation'], ['C2', 'Trey Research']]) {
    em.create(CustomerSchema, { no, name, salespersonCode: 'SP1', creditLimitLcy: '0', blocked: '' } as never);
  }
  em.create(CurrencySchema, { code: 'EUR', description: 'Euro', isoCode: 'EUR', amountRoundingPrecision: '0.01' } as never);
  em.create(CurrencyExchangeRateSchema, { currencyCode: 'EUR', startingDate: '2020-01-01', exchangeRateAmount: '1', relationalExchangeRateAmount: '1.25' } as never);
  await em.flush();
  await pair.host.engine.couple(SALESPEOPLE, 'SP1', SELLER.userId);
  for (const mapping of [CURRENCY, UNIT_OF_MEASURE, ITEM_PRODUCT, CUSTOMER]) {
    const jobs = await pair.host.engine.fullSync(mapping);
    if (jobs.some((job) => job.failed > 0 || job.message)) throw new Error(`${mapping} did not sync: ${JSON.stringify(await pair.host.state.errors(mapping))}`);
  }
  const later = pair.erp();
  later.create(ItemSchema, { no: 'I3', description: 'Bell', baseUnitOfMeasure: 'PCS', unitPrice: '7', blocked: false } as never);
  later.create(CustomerSchema, { no: 'C3', name: 'Northwind Traders', salespersonCode: 'SP1', creditLimitLcy: '0', blocked: '' } as never);
  await later.flush();
  return pair;
}

/** Creates, releases and posts an ERP order (the way invoices come to be); returns the posted invoice. */
export async function postedInvoice(pair: TestPair, order: CreateSalesOrderInput): Promise<SalesInvoiceHeader> {
  const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
  const { order: created } = await sales.createSalesOrder(order);
  await sales.releaseSalesOrder(created.no);
  return (await sales.postSalesOrder(created.no, { postingDate: '2026-11-30' })).invoice;
}

/** One run of the invoice mapping; its single job. */
export async function runInvoices(pair: TestPair) {
  const [job] = await pair.host.engine.run(POSTED_SALES_INVOICE);
  return job!;
}

/** The CRM invoice of an ERP invoice no., or undefined. */
export async function crmInvoice(pair: TestPair, invoiceNo: string): Promise<Row | undefined> {
  const [row] = await pair.crm.findByValues('invoice', { candidates: [{ invoicenumber: invoiceNo }] });
  return row;
}

/** The lines of a CRM invoice in sequence order. */
export async function crmLines(pair: TestPair, invoiceId: string): Promise<Record<string, unknown>[]> {
  const page = await pair.crm.readChanged('invoicedetail', { filter: { _invoiceid_value: invoiceId }, limit: 100 });
  return page.rows.map((row) => row.values).sort((a, b) => Number(a.sequencenumber) - Number(b.sequencenumber));
}

/** The CRM account coupled to an ERP customer. */
export async function accountOf(pair: TestPair, customerNo: string): Promise<string> {
  const coupling = await pair.host.state.findCoupling(CUSTOMER, 'business', customerNo);
  if (!coupling?.integrationId) throw new Error(`customer ${customerNo} is not coupled`);
  return coupling.integrationId;
}

export async function crmInsert(pair: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write(table, [{ kind: 'insert', ref: table, values }]);
  if (!result?.ok) throw new Error(`CRM insert on ${table} failed: ${result?.ok === false ? result.error.message : 'no result'}`);
  return result.id;
}
