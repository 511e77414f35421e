import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE } from '@tandem/erp';
import { DEFAULT_PRICE_LIST } from '@tandem/plugin-item-product';
import { SALES_ORDER_TRANSFER } from '@tandem/plugin-sales-order';
import type { TestPair } from '@tandem/testing';
import { POSTED_SALES_INVOICE, PostedInvoiceErrorCodes } from '../src/index';
import { SELLER, accountOf, crmInsert, crmInvoice, postedInvoice, runInvoices, startInvoicePair } from './fixtures';

// One pair for the file (booting one takes seconds): every test makes its own invoices, and the test that leaves
// failed invoices and an uncoupled customer behind runs last.
let pair: TestPair;

beforeAll(async () => {
  pair = await startInvoicePair();
});

afterAll(async () => {
  await pair.close();
});

/** A CRM order (with an opportunity) for an account, submitted; returns its id and number. */
async function submittedCrmOrder(account: string, name: string): Promise<{ id: string; ordernumber: string; opportunity: string; priceList: string }> {
  const priceList = await crmInsert(pair, 'pricelevel', { name: 'Retail', transactioncurrencyid: pair.emulator.baseCurrencyId });
  const opportunity = await crmInsert(pair, 'opportunity', { name: `${name} deal`, parentaccountid: account });
  const id = await crmInsert(pair, 'salesorder', { name, customerid: { table: 'account', id: account }, pricelevelid: priceList, opportunityid: opportunity });
  const [product] = await pair.crm.findByValues('product', { candidates: [{ productnumber: 'I1' }] });
  await crmInsert(pair, 'salesorderdetail', { salesorderid: id, productid: product!.id, quantity: 1, priceperunit: 100, ispriceoverridden: true });
  const [submit] = await pair.crm.write('salesorder', [{ kind: 'update', ref: 'submit', id, values: { statecode: 1 } }]);
  if (!submit?.ok) throw new Error('submit failed');
  const [order] = await pair.crm.getByIds('salesorder', [id]);
  return { id, ordernumber: String(order!.values.ordernumber), opportunity, priceList };
}

describe('POSTEDSALESINV-INV header', () => {
  it('creates the CRM invoice of a posted invoice with the default fields, customer, owner, price list and status Billed, and a re-run writes nothing', async () => {
    const invoice = await postedInvoice(pair, {
      customerNo: 'C1', shipmentMethodCode: 'FOB', shipTo: { name: 'Adatum Warehouse', city: 'Seattle', postCode: '98052' },
      lines: [{ itemNo: 'I1', quantity: 2, lineDiscountPercent: 10 }, { itemNo: 'I2', quantity: 1 }],
    });

    const job = await runInvoices(pair);
    expect([job.inserted, job.failed]).toEqual([1, 0]);

    const row = (await crmInvoice(pair, invoice.no))!;
    const priceList = await pair.host.container.resolve(DEFAULT_PRICE_LIST).id();
    expect(row.values).toMatchObject({
      invoicenumber: invoice.no,
      name: invoice.no,
      _customerid_value: await accountOf(pair, 'C1'),
      _ownerid_value: SELLER.userId,
      _transactioncurrencyid_value: pair.emulator.baseCurrencyId,
      _pricelevelid_value: priceList,
      _salesorderid_value: null,
      statecode: 0,
      statuscode: 4,
      description: 'Free on board',
      shipto_name: 'Adatum Warehouse',
      shipto_city: 'Seattle',
      shipto_postalcode: '98052',
      billto_name: 'Adatum Corporation',
      freightamount: 0,
      discountamount: 0,
    });
    expect(new Date(String(row.values.duedate)).toISOString().slice(0, 10)).toBe(invoice.dueDate);
    // The CRM computes the totals from the lines: 2 × 100 − 10 % + 20.
    expect(Number(invoice.amountIncludingVat)).toBe(200);
    expect([row.values.totalamount, row.values.totalamountlessfreight, row.values.totallineitemdiscountamount]).toEqual([200, 200, 20]);

    // A re-run writes nothing, nor does a full sync, which compares every field of both invoices.
    await postedInvoice(pair, { customerNo: 'C2', currencyCode: 'EUR', lines: [{ itemNo: 'I2', quantity: 3 }] });
    expect((await runInvoices(pair)).inserted).toBe(1);
    const again = await runInvoices(pair);
    expect([again.inserted, again.modified, again.failed]).toEqual([0, 0, 0]);
    const [full] = await pair.host.engine.fullSync(POSTED_SALES_INVOICE);
    expect([full!.inserted, full!.modified, full!.failed, full!.unchanged]).toEqual([0, 0, 0, 2]);
  });

  it('links an invoice whose Your Reference is a CRM order number to that order, its opportunity, price list, name and customer', async () => {
    const account = await accountOf(pair, 'C1');
    const order = await submittedCrmOrder(account, 'Autumn bikes');
    const { erpOrderNo } = await pair.host.container.resolve(SALES_ORDER_TRANSFER).createFromCrm(order.id);
    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    await sales.releaseSalesOrder(erpOrderNo);
    const { invoice } = await sales.postSalesOrder(erpOrderNo);
    expect(invoice.yourReference).toBe(order.ordernumber);

    expect((await runInvoices(pair)).inserted).toBe(1);
    expect((await crmInvoice(pair, invoice.no))!.values).toMatchObject({
      invoicenumber: invoice.no,
      name: 'Autumn bikes',
      _salesorderid_value: order.id,
      _opportunityid_value: order.opportunity,
      _pricelevelid_value: order.priceList,
      _customerid_value: account,
    });
    const [full] = await pair.host.engine.fullSync(POSTED_SALES_INVOICE);
    expect([full!.inserted, full!.modified]).toEqual([0, 0]);
  });

  it('chooses a price list in the invoice currency, creating it once, and synchronizes a customer that is not coupled yet (not in a dry run)', async () => {
    const first = await postedInvoice(pair, { customerNo: 'C3', currencyCode: 'EUR', lines: [{ itemNo: 'I1', quantity: 1 }] });
    const second = await postedInvoice(pair, { customerNo: 'C2', currencyCode: 'EUR', lines: [{ itemNo: 'I2', quantity: 1 }] });

    // A dry run plans both inserts and writes nothing: C3 is not synchronized by it.
    const [plan] = await pair.host.engine.dryRun(POSTED_SALES_INVOICE);
    expect(plan!.records.map((record) => [record.sourceId, record.action])).toEqual([[first.no, 'insert'], [second.no, 'insert']]);
    expect(await pair.host.state.findCoupling('CUSTOMER', 'business', 'C3')).toBeNull();

    expect((await runInvoices(pair)).inserted).toBe(2);
    const lists = await pair.crm.findByValues('pricelevel', { candidates: [{ name: 'Price List in EUR' }] });
    expect(lists).toHaveLength(1);
    const [eur] = await pair.crm.findByValues('transactioncurrency', { candidates: [{ isocurrencycode: 'EUR' }] });
    expect(lists[0]!.values._transactioncurrencyid_value).toBe(eur!.id);
    for (const no of [first.no, second.no]) {
      expect((await crmInvoice(pair, no))!.values).toMatchObject({ _pricelevelid_value: lists[0]!.id, _transactioncurrencyid_value: eur!.id });
    }
    // C3 was not coupled: the run synchronized it to a new account first.
    expect((await crmInvoice(pair, first.no))!.values._customerid_value).toBe(await accountOf(pair, 'C3'));
  });
  it('fails an invoice whose CRM order is for another customer, or whose customer is no longer coupled, and sends the rest of the page', async () => {
    const order = await submittedCrmOrder(await accountOf(pair, 'C1'), 'Changed customer');
    const changed = await postedInvoice(pair, { customerNo: 'C2', yourReference: order.ordernumber, lines: [{ itemNo: 'I1', quantity: 1 }] });
    const good = await postedInvoice(pair, { customerNo: 'C2', lines: [{ itemNo: 'I2', quantity: 1 }] });
    const uncoupled = await postedInvoice(pair, { customerNo: 'C1', yourReference: order.ordernumber, lines: [{ itemNo: 'I1', quantity: 1 }] });
    await pair.host.engine.uncouple('CUSTOMER', { businessId: 'C1' });

    const job = await runInvoices(pair);
    expect([job.inserted, job.failed]).toEqual([1, 2]);
    expect(await crmInvoice(pair, good.no)).toBeDefined();
    expect(await crmInvoice(pair, changed.no)).toBeUndefined();
    expect(await crmInvoice(pair, uncoupled.no)).toBeUndefined();

    const errors = await pair.host.state.errors(POSTED_SALES_INVOICE, { jobId: job.id });
    expect(errors.map((e) => [e.sourceId, e.code])).toEqual([
      [changed.no, PostedInvoiceErrorCodes.ORDER_CUSTOMER_CHANGED],
      [uncoupled.no, PostedInvoiceErrorCodes.ORDER_CUSTOMER_CHANGED],
    ]);
    const text = `Cannot create the invoice in Dynamics 365 Sales. The customer from the original Dynamics 365 Sales sales order ${order.ordernumber} was changed or is no longer coupled.`;
    expect(errors[0]!.message).toContain(text);
    expect(errors[0]!.message).toContain('its customer C2 is coupled to account');
    expect(errors[1]!.message).toContain('its customer C1 is not coupled to a CRM account');
  });
});
