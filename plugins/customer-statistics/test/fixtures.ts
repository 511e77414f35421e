import { CurrencyExchangeRateSchema, CurrencySchema, CustomerSchema, ItemSchema, LEDGER_SERVICE, SALES_ORDER_SERVICE, generateDemoData } from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { startTestPair, type TestPair } from '@tandem/testing';
import { CustomerStatisticsPlugin } from '../src/index';

/** Inserts a CRM row as a person would; returns its id. */
export async function crmInsert(pair: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write(table, [{ kind: 'insert', ref: table, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no result');
  return result.id;
}

export async function crmRow(pair: TestPair, table: string, id: string): Promise<Record<string, unknown> | undefined> {
  return (await pair.host.stores.integration.getByIds(table, [id]))[0]?.values;
}

/**
 * A pair with the statistics plugin: demo ERP data (local currency USD, the CRM's base currency), customers C00001 and C00002 in the local
 * currency, C00003 with a currency the ERP does not have, each coupled to its own CRM account; C00004 not coupled.
 * Item I00001 costs 10.5.
 */
export async function statisticsPair(): Promise<{ pair: TestPair; accounts: Record<string, string> }> {
  const pair = await startTestPair({ plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, CustomerStatisticsPlugin] });
  const em = pair.erp();
  await generateDemoData(em, { seed: 7, localCurrencyCode: 'USD', customers: 4, items: 2, salespeople: 1, salesOrders: 0, customersWithContacts: 0, opportunities: 0 });
  await em.nativeUpdate(CustomerSchema, {}, { blocked: '', currencyCode: null, paymentTermsCode: null, creditLimitLcy: '1000', modifiedAt: new Date() });
  await em.nativeUpdate(ItemSchema, {}, { blocked: false, unitPrice: '10.5', modifiedAt: new Date() });
  // Only the local currency: fewer CRM writes, and no customer may use another one.
  await em.nativeDelete(CurrencyExchangeRateSchema, {});
  await em.nativeDelete(CurrencySchema, {});
  // The local currency USD is coupled to the CRM's base currency, which new accounts carry.
  const currencies = await pair.host.engine.fullSync(CURRENCY);
  if (currencies.some((job) => job.failed > 0)) throw new Error('CURRENCY did not sync');
  const accounts: Record<string, string> = {};
  for (const no of ['C00001', 'C00002', 'C00003']) {
    accounts[no] = await crmInsert(pair, 'account', { name: `Account ${no}`, customertypecode: 3 });
    // Coupled and synchronized once, so the coupling has its stamps, as a customer in use has.
    await pair.host.engine.couple(CUSTOMER, no, accounts[no]!, { syncDirection: 'fromIntegration' });
  }
  // After the coupling's first sync, which brought the account's currency over.
  await pair.erp().nativeUpdate(CustomerSchema, { no: 'C00003' }, { currencyCode: 'XXX' });
  return { pair, accounts };
}

/** Posts an order for a customer (an Invoice ledger entry) and leaves a second one open (outstanding). */
export async function invoiceAndOpenOrder(pair: TestPair, customerNo: string, invoiced: number, open: number, postingDate = '2025-03-01'): Promise<void> {
  const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
  const { order } = await sales.createSalesOrder({ customerNo, orderDate: postingDate, lines: [{ itemNo: 'I00001', quantity: invoiced }] });
  await sales.releaseSalesOrder(order.no);
  await sales.postSalesOrder(order.no, { postingDate });
  if (open > 0) await sales.createSalesOrder({ customerNo, orderDate: postingDate, lines: [{ itemNo: 'I00001', quantity: open }] });
}

export async function pay(pair: TestPair, customerNo: string, amountLcy: number): Promise<void> {
  await pair.host.container.resolve(LEDGER_SERVICE).postPayment({ customerNo, amountLcy });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
