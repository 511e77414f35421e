import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING, SalesOrderPlugin, type SalesOrderPluginOptions } from '../src/index';
import { crmInsert, crmLineValues, crmUpdate, type CrmLine, type CrmWorld } from './support/index';

// The worlds and CRM writes are shared with the plugins built on this one (`@tandem/plugin-sales-order/testing`).
export * from './support/index';

/** A pair with every entity plugin and the sales-order plugin (with the given options). */
export function startPair(options: SalesOrderPluginOptions = {}): Promise<TestPair> {
  return startTestPair({
    plugins: [SalespersonUserPlugin, UnitOfMeasurePlugin, CurrencyPlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin.withOptions(options)],
  });
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
    await crmInsert(crm, 'salesorderdetail', { salesorderid: id, ...crmLineValues(line, index) });
  }
  await crmUpdate(crm, 'salesorder', id, { statecode: 1 });
  return id;
}

/**
 * The start of the end-to-end tests: a full run of every plugin creates the CRM side (units, currencies, products,
 * accounts); then a salesperson takes an order in the CRM for the synced C00001 (4 × I00001 at 95 on a new price list,
 * named 'Bikes for the team') and submits it. Returns the CRM order's id.
 */
export async function syncAllAndSubmitOrder(pair: TestPair): Promise<string> {
  const { engine, state } = pair.host;
  await engine.runAll({ full: true });
  const account = (await state.findCoupling(CUSTOMER_MAPPING, 'business', 'C00001'))?.integrationId;
  const product = (await state.findCoupling(ITEM_PRODUCT_MAPPING, 'business', 'I00001'))?.integrationId;
  if (!account || !product) throw new Error(`the full run coupled ${account ? '' : 'no account to C00001 '}${product ? '' : 'no product to I00001'}`);
  const priceList = await crmInsert(pair.crm, 'pricelevel', { name: 'Web shop', transactioncurrencyid: pair.emulator.baseCurrencyId });
  const orderId = await crmInsert(pair.crm, 'salesorder', { name: 'Bikes for the team', customerid: { table: 'account', id: account }, pricelevelid: priceList });
  await crmInsert(pair.crm, 'salesorderdetail', { salesorderid: orderId, productid: product, quantity: 4, priceperunit: 95, sequencenumber: 1 });
  await crmUpdate(pair.crm, 'salesorder', orderId, { statecode: 1 });
  return orderId;
}
