import { expect } from 'vitest';
import { SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import { CrmOrderState, SALES_ORDER, SalesOrderPlugin } from '@tandem/plugin-sales-order';
import type { ScenarioEntry } from '../ScenarioEntry';

/**
 * SALESORDER-ORDER ← salesorder (BC's "Automatically Create Sales Orders"): Casey's order for the matched account,
 * submitted before the first run, becomes an ERP sales order. Ids remembered: `priceList`, `crmOrder`.
 */
export const salesOrder: ScenarioEntry = {
  plugin: SalesOrderPlugin.withOptions({ autoCreateSalesOrders: true }),
  mappings: { [SALES_ORDER]: { fromIntegration: { inserted: 1 } } },
  async seed(s) {
    await s.crmInsert('pricelevel', { name: 'Spring deals', transactioncurrencyid: s.pair.emulator.baseCurrencyId }, 'priceList');
    const order = await s.crmInsert('salesorder', { name: 'Spring order', customerid: { table: 'account', id: s.id('matchedAccount') }, pricelevelid: s.id('priceList') }, 'crmOrder');
    // A write-in line (no product): the products are made by the first run itself.
    await s.crmInsert('salesorderdetail', { salesorderid: order, isproductoverridden: true, productdescription: 'Assembly service', quantity: 2, priceperunit: 50, sequencenumber: 1 });
    await s.crmUpdate('salesorder', order, { statecode: CrmOrderState.SUBMITTED });
  },
  async checkFirstRun(s) {
    const crmOrder = await s.crmRow('salesorder', s.id('crmOrder'));
    const orderNo = await s.erpIdOf(SALES_ORDER, s.id('crmOrder'));
    expect(await s.erp().findOneOrFail(SalesHeaderSchema, { no: orderNo })).toMatchObject({
      sellToCustomerNo: s.id('matchedCustomer'), yourReference: crmOrder.values.ordernumber, externalDocumentNo: 'Spring order', amount: '100',
    });
    expect(await s.erp().find(SalesLineSchema, { documentNo: orderNo })).toEqual([expect.objectContaining({ no: 'WRITE-IN', description: 'Assembly service', quantity: '2' })]);
    expect(crmOrder.values.lastbackofficesubmit).toBeTruthy();
  },
};
