import { expect } from 'vitest';
import { CustomerSchema, ItemSchema, SALES_ORDER_SERVICE, SalesInvoiceHeaderSchema, SalesInvoiceLineSchema, type CreateSalesOrderInput } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { INVOICE_STATUS_BILLED, POSTED_SALES_INVOICE, PostedSalesInvoicePlugin } from '@tandem/plugin-posted-sales-invoice';
import type { Scenario } from '../Scenario';
import type { ScenarioEntry } from '../ScenarioEntry';

/** Creates, releases and posts an ERP order (the way invoices come to be); returns the posted invoice's no. */
async function postOrder(s: Scenario, order: CreateSalesOrderInput): Promise<string> {
  const sales = s.host.container.resolve(SALES_ORDER_SERVICE);
  const { order: created } = await sales.createSalesOrder(order);
  await sales.releaseSalesOrder(created.no);
  return (await sales.postSalesOrder(created.no)).invoice.no;
}

/** A CRM invoice's lines in sequence order. */
async function crmLines(s: Scenario, invoiceId: string) {
  return (await s.crmRows('invoicedetail', { _invoiceid_value: invoiceId })).map((r) => r.values).sort((a, b) => Number(a.sequencenumber) - Number(b.sequencenumber));
}

/**
 * POSTEDSALESINV-INV → invoice with its invoicedetail lines. Before the first run the ERP posts two orders: one whose
 * Your Reference is the number of a CRM order Casey took for the matched account ("Autumn order"; the ERP clerk typed
 * it in), and one for another customer with no CRM order. The first run creates both CRM invoices with their lines;
 * the first is linked to Casey's order, its price list and name. Ids remembered: `autumnOrder`, `linkedInvoice`,
 * `plainInvoice`.
 */
export const postedSalesInvoice: ScenarioEntry = {
  plugin: PostedSalesInvoicePlugin,
  mappings: { [POSTED_SALES_INVOICE]: { toIntegration: { inserted: (s) => s.erp().count(SalesInvoiceHeaderSchema, {}) } } },
  async seed(s) {
    const crmOrder = await s.crmInsert('salesorder', { name: 'Autumn order', customerid: { table: 'account', id: s.id('matchedAccount') }, pricelevelid: s.id('priceList') }, 'autumnOrder');
    const orderNumber = String((await s.crmRow('salesorder', crmOrder)).values.ordernumber);
    const items = await s.erp().find(ItemSchema, { blocked: false, no: { $ne: 'WRITE-IN' } }, { orderBy: { no: 'asc' }, limit: 2 });
    s.ids.linkedInvoice = await postOrder(s, {
      customerNo: s.id('matchedCustomer'), yourReference: orderNumber, externalDocumentNo: 'Autumn order',
      lines: [{ itemNo: items[0]!.no, quantity: 3, lineDiscountPercent: 10 }, { itemNo: items[1]!.no, quantity: 1 }, { quantity: 2, unitPrice: 25, description: 'Installation' }],
    });
    const [other] = await s.erp().find(CustomerSchema, { blocked: '', no: { $ne: s.id('matchedCustomer') } }, { orderBy: { no: 'desc' }, limit: 1 });
    s.ids.plainInvoice = await postOrder(s, { customerNo: other!.no, lines: [{ itemNo: items[1]!.no, quantity: 4 }] });
  },
  async checkFirstRun(s) {
    // The invoice of Casey's order: linked to it, its price list and name, for its account; billed, with every line.
    const linked = await s.erp().findOneOrFail(SalesInvoiceHeaderSchema, { no: s.id('linkedInvoice') });
    const invoice = await s.crmRow('invoice', await s.crmIdOf(POSTED_SALES_INVOICE, linked.no));
    expect(invoice.values).toMatchObject({
      invoicenumber: linked.no, name: 'Autumn order', _salesorderid_value: s.id('autumnOrder'), _pricelevelid_value: s.id('priceList'),
      _customerid_value: s.id('matchedAccount'), statuscode: INVOICE_STATUS_BILLED, billto_name: linked.billToName, shipto_city: linked.shipToCity,
    });
    expect(Number(invoice.values.totalamount)).toBe(Number(linked.amountIncludingVat));
    const erpLines = await s.erp().find(SalesInvoiceLineSchema, { documentNo: linked.no }, { orderBy: { lineNo: 'asc' } });
    const lines = await crmLines(s, invoice.id);
    expect(lines).toHaveLength(3);
    for (const [i, line] of erpLines.slice(0, 2).entries()) {
      expect(lines[i]).toMatchObject({ _productid_value: await s.crmIdOf(ITEM_PRODUCT, line.no), isproductoverridden: false, lineitemnumber: line.lineNo, sequencenumber: i + 1 });
      expect([Number(lines[i]!.quantity), Number(lines[i]!.priceperunit), Number(lines[i]!.manualdiscountamount)]).toEqual([Number(line.quantity), Number(line.unitPrice), Number(line.lineDiscountAmount)]);
    }
    expect(Number(lines[0]!.manualdiscountamount)).toBeGreaterThan(0);
    expect(lines[2]).toMatchObject({ isproductoverridden: true, productdescription: 'Installation', sequencenumber: 3 });
    // The invoice without a CRM order: named after itself, for the account its customer is coupled to.
    const plain = await s.erp().findOneOrFail(SalesInvoiceHeaderSchema, { no: s.id('plainInvoice') });
    const plainCrm = await s.crmRow('invoice', await s.crmIdOf(POSTED_SALES_INVOICE, plain.no));
    expect(plainCrm.values).toMatchObject({ name: plain.no, _customerid_value: await s.crmIdOf(CUSTOMER, plain.sellToCustomerNo), _salesorderid_value: null });
    expect(await crmLines(s, plainCrm.id)).toEqual([expect.objectContaining({ quantity: expect.anything(), productdescription: null })]);
    expect(Number(plainCrm.values.totalamount)).toBe(Number(plain.amountIncludingVat));
  },
};
