import type { EntityManager } from '@mikro-orm/core';
import type { TableStore, WriteOperation } from '@tandem/core';
import { CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, NoSeriesSchema, UnitOfMeasureSchema } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { CURRENCY_MAPPING, CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING, SalesOrderPlugin, type SalesOrderPluginOptions } from '../src/index';

/** A pair with every entity plugin and the sales-order plugin (with the given options). */
export function startPair(options: SalesOrderPluginOptions = {}): Promise<TestPair> {
  return startTestPair({
    plugins: [SalespersonUserPlugin, UnitOfMeasurePlugin, CurrencyPlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin.withOptions(options)],
  });
}

/** The ERP rows the tests sell from: setup (local currency USD = the emulator's base), series, a customer, items, EUR. */
export async function seedErp(em: EntityManager, options: { writeInItemNo?: string | null } = {}): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: options.writeInItemNo === undefined ? 'WRITE-IN' : options.writeInItemNo,
    customerNos: null, itemNos: null, salespersonNos: null, orderNos: 'S-ORD', postedInvoiceNos: 'S-INV',
  } as never);
  em.create(NoSeriesSchema, { code: 'S-ORD', description: 'Orders', startingNo: 'SO00001', lastNoUsed: null } as never);
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

/** Writes one row to the CRM and returns its id (fails the test on a refused write). */
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

export async function seedCrm(pair: TestPair): Promise<CrmWorld> {
  const { crm, host } = pair;
  const account = await crmInsert(crm, 'account', { name: 'Adatum Corporation', customertypecode: 3 });
  const otherAccount = await crmInsert(crm, 'account', { name: 'Trey Research', customertypecode: 3 });
  const vendorAccount = await crmInsert(crm, 'account', { name: 'Fabrikam Supplies', customertypecode: 11 });
  const uncoupledAccount = await crmInsert(crm, 'account', { name: 'Northwind Traders', customertypecode: 3 });
  const contact = await crmInsert(crm, 'contact', { firstname: 'Alex', lastname: 'Wu', parentcustomerid: { table: 'account', id: account } });
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

/** One line of a CRM order: a product (by id) or a write-in (`productdescription`). */
export interface CrmLine {
  product?: string;
  productdescription?: string;
  quantity: number;
  priceperunit: number;
  manualdiscountamount?: number;
  description?: string;
  sequencenumber?: number;
}

/** Creates a CRM order with its lines and submits it; returns its id. */
export async function submittedOrder(
  pair: TestPair,
  world: CrmWorld,
  order: { name: string; customer?: { table: string; id: string }; currency?: string; requestdeliveryby?: string; lines: CrmLine[] },
): Promise<string> {
  const { crm } = pair;
  const id = await crmInsert(crm, 'salesorder', {
    name: order.name,
    customerid: order.customer ?? { table: 'account', id: world.account },
    pricelevelid: world.priceList,
    ...(order.currency ? { transactioncurrencyid: order.currency } : {}),
    ...(order.requestdeliveryby ? { requestdeliveryby: order.requestdeliveryby } : {}),
  });
  for (const [index, line] of order.lines.entries()) {
    await crmInsert(crm, 'salesorderdetail', {
      salesorderid: id,
      ...(line.product ? { productid: line.product } : { isproductoverridden: true, productdescription: line.productdescription ?? 'Write-in' }),
      quantity: line.quantity,
      priceperunit: line.priceperunit,
      ispriceoverridden: true,
      ...(line.manualdiscountamount !== undefined ? { manualdiscountamount: line.manualdiscountamount } : {}),
      ...(line.description ? { description: line.description } : {}),
      sequencenumber: line.sequencenumber ?? index + 1,
    });
  }
  await crmUpdate(crm, 'salesorder', id, { statecode: 1 });
  return id;
}
