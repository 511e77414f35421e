import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { SalesOrderPlugin, type SalesOrderPluginOptions } from '../src/index';
import { crmInsert, crmUpdate, type CrmLine, type CrmWorld } from './support/index';

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
