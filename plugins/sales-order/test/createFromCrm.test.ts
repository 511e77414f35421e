import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERP_SETUP_KEY, ErpSetupSchema, NoSeriesSchema, SALES_ORDER_SERVICE, SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import { LOCAL_CURRENCY_ID } from '@tandem/plugin-currency';
import { nextSecond, type TestPair } from '@tandem/testing';
import { SALES_ORDER, SALES_ORDER_TRANSFER, dateOnly, SalesOrderErrorCodes, type SalesOrderTransfer } from '../src/index';
import { crmRow, crmUpdate, seedCrm, seedErp, startPair, submittedOrder, type CrmWorld } from './fixtures';

let pair: TestPair;
let world: CrmWorld;
let transfer: SalesOrderTransfer;
const today = () => new Date().toISOString().slice(0, 10);

beforeEach(async () => {
  pair = await startPair();
  await seedErp(pair.erp());
  world = await seedCrm(pair);
  transfer = pair.host.container.resolve(SALES_ORDER_TRANSFER);
});

afterEach(async () => {
  await pair.close();
});

async function erpOrders() {
  return pair.erp().find(SalesHeaderSchema, {}, { orderBy: { no: 'asc' } });
}

describe('createFromCrm: a submitted CRM order becomes an ERP sales order', () => {
  it('an ERP quote whose Your Reference happens to be the order number is not taken for an earlier transfer of the order', async () => {
    const orderId = await submittedOrder(pair, world, { name: 'Look-alike', lines: [{ product: world.product, quantity: 1, priceperunit: 100, sequencenumber: 1 }] });
    const orderNumber = String((await crmRow(pair.crm, 'salesorder', orderId))['ordernumber']);
    // Quotes share the Sales Header with orders: an uncoupled one for the same customer and reference.
    const em = pair.erp();
    em.create(NoSeriesSchema, { code: 'S-QUO', description: 'Quotes', startingNo: 'SQ00001', lastNoUsed: null } as never);
    await em.flush();
    await em.nativeUpdate(ErpSetupSchema, { key: ERP_SETUP_KEY }, { quoteNos: 'S-QUO' });
    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    await sales.createSalesOrder({ documentType: 'Quote', customerNo: 'C00001', yourReference: orderNumber, lines: [{ itemNo: 'I00001', quantity: 1 }] });

    expect(await transfer.createFromCrm(orderId)).toEqual({ crmOrderId: orderId, erpOrderNo: 'SO00001', created: true });
    expect((await erpOrders()).map((h) => [h.no, h.documentType])).toEqual([['SO00001', 'Order'], ['SQ00001', 'Quote']]);
  });

  it('copies the header and the lines in sequence order, couples the pair and marks the CRM order transferred', async () => {
    const orderId = await submittedOrder(pair, world, {
      name: 'Spring bikes',
      requestdeliveryby: '2026-12-24',
      lines: [
        { product: world.otherProduct, quantity: 3, priceperunit: 25, sequencenumber: 2, description: 'Red helmets' },
        { product: world.product, quantity: 2, priceperunit: 100, manualdiscountamount: 15, sequencenumber: 1 },
        { productdescription: 'Gift wrapping', quantity: 3, priceperunit: 10, manualdiscountamount: 10, sequencenumber: 3 },
      ],
    });
    const crmOrder = await crmRow(pair.crm, 'salesorder', orderId);

    const result = await transfer.createFromCrm(orderId);

    expect(result).toEqual({ crmOrderId: orderId, erpOrderNo: 'SO00001', created: true });
    const { order, lines } = await loadOrder('SO00001');
    expect(order).toMatchObject({
      sellToCustomerNo: 'C00001', currencyCode: null, yourReference: crmOrder['ordernumber'], externalDocumentNo: 'Spring bikes',
      requestedDeliveryDate: '2026-12-24', status: 'Open',
    });
    expect(lines.map((l) => [l.no, Number(l.quantity), Number(l.unitPrice), Number(l.lineDiscountAmount), l.description])).toEqual([
      ['I00001', 2, 100, 15, 'Bicycle'],
      ['I00002', 3, 25, 0, 'Red helmets'],
      ['WRITE-IN', 3, 10, 10, 'Gift wrapping'], // a third off: the ERP's percentage still gives exactly 10
    ]);
    expect(Number(order.amount)).toBe(200 - 15 + 75 + 30 - 10);

    const coupling = await pair.host.state.findCoupling(SALES_ORDER, 'integration', orderId);
    expect(coupling?.businessId).toBe('SO00001');
    const links = await pair.host.links.of(SALES_ORDER, { businessId: 'SO00001' });
    expect(links.integrationId).toBe(orderId);
    expect(dateOnly((await crmRow(pair.crm, 'salesorder', orderId))['lastbackofficesubmit'])).toBe(today());
  });

  it('takes the parent account of a contact as the customer', async () => {
    const orderId = await submittedOrder(pair, world, {
      name: 'Via contact', customer: { table: 'contact', id: world.contact }, lines: [{ product: world.product, quantity: 1, priceperunit: 100 }],
    });
    await transfer.createFromCrm(orderId);
    expect((await erpOrders()).map((o) => o.sellToCustomerNo)).toEqual(['C00001']);
  });

  it('takes the currency through its coupling; the base currency is the blank local currency', async () => {
    await pair.host.engine.run('CURRENCY'); // couples the local currency (CurrencyPlugin's CURRENCY_LOOKUP)
    expect((await pair.host.state.findCoupling('CURRENCY', 'integration', pair.emulator.baseCurrencyId!))?.businessId).toBe(LOCAL_CURRENCY_ID);
    const eurOrder = await submittedOrder(pair, world, { name: 'In euros', currency: world.eur, lines: [{ product: world.product, quantity: 1, priceperunit: 80 }] });
    const usdOrder = await submittedOrder(pair, world, { name: 'In dollars', currency: pair.emulator.baseCurrencyId, lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await transfer.createFromCrm(eurOrder);
    await transfer.createFromCrm(usdOrder);
    expect((await erpOrders()).map((o) => [o.externalDocumentNo, o.currencyCode])).toEqual([['In euros', 'EUR'], ['In dollars', null]]);
  });

  it('refuses an order that is already coupled, and one that is not submitted', async () => {
    const orderId = await submittedOrder(pair, world, { name: 'Once', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await transfer.createFromCrm(orderId);
    await expect(transfer.createFromCrm(orderId)).rejects.toMatchObject({ code: SalesOrderErrorCodes.ALREADY_COUPLED, message: expect.stringContaining('SO00001') });

    const draft = await submittedOrder(pair, world, { name: 'Draft', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await crmUpdate(pair.crm, 'salesorder', draft, { statecode: 0 });
    await expect(transfer.createFromCrm(draft)).rejects.toMatchObject({ code: SalesOrderErrorCodes.NOT_SUBMITTED });
    expect(await erpOrders()).toHaveLength(1);
  });

  it('runs no field sync on a transferred order afterwards', async () => {
    const orderId = await submittedOrder(pair, world, { name: 'Before', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await transfer.createFromCrm(orderId);
    await nextSecond();
    await crmUpdate(pair.crm, 'salesorder', orderId, { name: 'After', requestdeliveryby: '2027-01-31' });

    const jobs = await pair.host.engine.run(SALES_ORDER);
    await pair.host.engine.fullSync(SALES_ORDER);

    expect(jobs.map((j) => [j.modified, j.inserted, j.failed])).toEqual([[0, 0, 0]]);
    const [order] = await erpOrders();
    expect(order).toMatchObject({ externalDocumentNo: 'Before', requestedDeliveryDate: null });
    expect(await erpOrders()).toHaveLength(1);
  });
});

async function loadOrder(no: string) {
  const em = pair.erp();
  const order = await em.findOneOrFail(SalesHeaderSchema, { no });
  const lines = await em.find(SalesLineSchema, { documentNo: no }, { orderBy: { lineNo: 'asc' } });
  return { order, lines };
}
