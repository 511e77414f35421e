import { HookError } from '@tandem/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CurrencyExchangeRateSchema,
  SalesHeaderSchema,
  SalesInvoiceHeaderSchema,
  SalesInvoiceLineSchema,
  SalesLineSchema,
  SalesOrderService,
  type PostedSalesOrderContext,
} from '../src/index';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await salesFixture()).close(), 30_000);

describe('creating an order', () => {
  it('copies the customer, numbers the order from the series and prices the lines exactly', async () => {
    fx = await salesFixture();
    const { order, lines } = await fx.service.createSalesOrder({
      customerNo: 'C00001', orderDate: '2025-03-10', yourReference: 'ORD-01001', externalDocumentNo: 'CRM order A',
      requestedDeliveryDate: '2025-03-20',
      lines: [
        { itemNo: 'I00001', quantity: 3 },
        { itemNo: 'I00002', quantity: '0.3', unitPrice: '0.1', lineDiscountPercent: 0 },
        { itemNo: 'I00002', quantity: 7, lineDiscountPercent: '12.5' },
      ],
    });
    expect(order).toMatchObject({
      no: 'SO00001', status: 'Open', sellToCustomerNo: 'C00001', billToCustomerNo: 'C00001', currencyCode: null, currencyFactor: '1',
      paymentTermsCode: '30 DAYS', yourReference: 'ORD-01001', externalDocumentNo: 'CRM order A', orderDate: '2025-03-10',
      requestedDeliveryDate: '2025-03-20',
    });
    // 3 × 10.5 = 31.5; 0.3 × 0.1 = 0.03 (no float drift); 7 × 99.99 = 699.93, less 12.5 % (87.49125 → 87.49) = 612.44
    expect(lines.map((l) => [l.lineNo, l.amount, l.lineDiscountAmount])).toEqual([
      [10000, '31.5', '0'], [20000, '0.03', '0'], [30000, '612.44', '87.49'],
    ]);
    expect(order.amount).toBe('643.97');
    const stored = await fx.orm.em.fork().findOneOrFail(SalesHeaderSchema, { no: 'SO00001' });
    expect(stored.amount).toBe('643.97');
    expect(await fx.orm.em.fork().count(SalesLineSchema, { documentNo: 'SO00001' })).toBe(3);
  });

  it('prices a foreign-currency order with the latest exchange rate, and stores the local currency as blank', async () => {
    fx = await salesFixture();
    const em = fx.orm.em.fork();
    await em.nativeDelete(CurrencyExchangeRateSchema, { currencyCode: 'USD' });
    await em.insert(CurrencyExchangeRateSchema, {
      systemId: '00000000-0000-4000-8000-000000000001', modifiedAt: new Date(), currencyCode: 'USD', startingDate: '2025-01-01',
      exchangeRateAmount: '100', relationalExchangeRateAmount: '80',
    });
    const usd = await fx.service.createSalesOrder({ customerNo: 'C00002', orderDate: '2025-02-01', lines: [{ itemNo: 'I00001', quantity: 2 }] });
    expect(usd.order.currencyCode).toBe('USD');
    expect(usd.order.currencyFactor).toBe('1.25'); // 100 USD = 80 EUR
    expect(usd.lines[0]!.unitPrice).toBe('13.125'); // 10.5 EUR × 1.25
    expect(usd.lines[0]!.amount).toBe('26.25');
    const local = await fx.service.createSalesOrder({ customerNo: 'C00002', currencyCode: 'EUR', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    expect(local.order.currencyCode).toBeNull();
    expect(local.lines[0]!.unitPrice).toBe('10.5');
  });

  it('uses the write-in item for a line without an item no., and adds lines after the last one', async () => {
    fx = await salesFixture();
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ quantity: 1, unitPrice: 5, description: 'Gift wrap' }] });
    const { lines } = await fx.service.addSalesLine(order.no, { itemNo: 'I00001', quantity: 1 });
    expect(lines.map((l) => [l.lineNo, l.no, l.description])).toEqual([[10000, 'WRITE-IN', 'Gift wrap'], [20000, 'I00001', expect.any(String)]]);
    expect((await fx.service.getSalesOrder(order.no)).order.amount).toBe('15.5');
  });
});

describe('releasing and posting', () => {
  it('posts a released order into an invoice that matches it, removes the order and raises the hooks once', async () => {
    fx = await salesFixture();
    const calls: { hook: string; context: PostedSalesOrderContext }[] = [];
    fx.service.hooks.afterPostSalesOrder.tap('Test', (context) => {
      calls.push({ hook: 'afterPostSalesOrder', context });
    });
    fx.service.hooks.afterPostSalesOrderCommit.tapPromise('Test', async (context) => {
      // After the commit the invoice is visible to everyone.
      expect(await context.em.count(SalesInvoiceHeaderSchema, { no: context.invoiceNo })).toBe(1);
      calls.push({ hook: 'afterPostSalesOrderCommit', context });
    });
    const { order, lines } = await fx.service.createSalesOrder({
      customerNo: 'C00001', orderDate: '2025-03-10', yourReference: 'ORD-7', externalDocumentNo: 'Big order',
      lines: [{ itemNo: 'I00001', quantity: 4 }, { itemNo: 'I00002', quantity: 1, lineDiscountPercent: 10 }],
    });
    await fx.service.releaseSalesOrder(order.no);
    const posted = await fx.service.postSalesOrder(order.no, { postingDate: '2025-03-15' });

    const em = fx.orm.em.fork();
    const invoice = await em.findOneOrFail(SalesInvoiceHeaderSchema, { no: 'SI00001' });
    const invoiceLines = await em.find(SalesInvoiceLineSchema, { documentNo: 'SI00001' }, { orderBy: { lineNo: 'asc' } });
    const { no: _no, status: _status, documentType: _type, systemId: _id, modifiedAt: _at, quoteNo: _q, quoteValidUntilDate: _v, docNoOccurrence: _o, ...headerFields } = order;
    expect(invoice).toMatchObject({ ...headerFields, no: 'SI00001', orderNo: order.no, postingDate: '2025-03-15', dueDate: '2025-04-14' });
    expect(invoice.systemId).not.toBe(order.systemId);
    expect(invoiceLines.map(({ systemId: _s, modifiedAt: _m, ...rest }) => rest)).toEqual(
      lines.map(({ systemId: _s, modifiedAt: _m, documentType: _d, ...rest }) => ({ ...rest, documentNo: 'SI00001' })),
    );
    expect(posted.invoice.no).toBe('SI00001');
    expect(await em.count(SalesHeaderSchema, { no: order.no })).toBe(0);
    expect(await em.count(SalesLineSchema, { documentNo: order.no })).toBe(0);

    expect(calls.map((c) => c.hook)).toEqual(['afterPostSalesOrder', 'afterPostSalesOrderCommit']);
    expect(calls[0]!.context).toMatchObject({
      orderNo: order.no, invoiceNo: 'SI00001', yourReference: 'ORD-7', externalDocumentNo: 'Big order', customer: { no: 'C00001' },
    });
    expect(calls[0]!.context.invoiceLines).toHaveLength(2);
  });

  it('rolls the whole post back when an afterPostSalesOrder tap throws, and names the hook and the tap', async () => {
    fx = await salesFixture();
    let crmDown = true;
    fx.service.hooks.afterPostSalesOrder.tap('CrmNotifier', () => {
      if (crmDown) throw new Error('CRM is down');
    });
    let committed = 0;
    fx.service.hooks.afterPostSalesOrderCommit.tap('Counter', () => {
      committed += 1;
    });
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await fx.service.releaseSalesOrder(order.no);
    const error = await fx.service.postSalesOrder(order.no).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect(error).toMatchObject({ code: 'TANDEM_HOOK_FAILED', hook: 'afterPostSalesOrder', tap: 'CrmNotifier' });
    expect((error as Error).message).toBe('Hook afterPostSalesOrder, tap "CrmNotifier" failed: CRM is down');
    expect(committed).toBe(0);

    const em = fx.orm.em.fork();
    expect(await em.count(SalesInvoiceHeaderSchema, {})).toBe(0);
    expect(await em.count(SalesInvoiceLineSchema, {})).toBe(0);
    expect((await em.findOneOrFail(SalesHeaderSchema, { no: order.no })).status).toBe('Released');
    expect(await em.count(SalesLineSchema, { documentNo: order.no })).toBe(1);

    // The invoice number went back with the rollback: the next successful post takes it.
    crmDown = false;
    expect((await fx.service.postSalesOrder(order.no)).invoice.no).toBe('SI00001');
  });

  it('a throwing afterPostSalesOrderCommit tap reaches the caller, and the post stays', async () => {
    fx = await salesFixture();
    fx.service.hooks.afterPostSalesOrderCommit.tap('Mailer', () => {
      throw new Error('SMTP refused');
    });
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await fx.service.releaseSalesOrder(order.no);
    await expect(fx.service.postSalesOrder(order.no)).rejects.toThrow('Hook afterPostSalesOrderCommit, tap "Mailer" failed: SMTP refused');
    const em = fx.orm.em.fork();
    expect(await em.count(SalesInvoiceHeaderSchema, { orderNo: order.no })).toBe(1);
    expect(await em.count(SalesHeaderSchema, { no: order.no })).toBe(0);
  });

  it('a tap may write in the posting transaction through context.em', async () => {
    fx = await salesFixture();
    fx.service.hooks.afterPostSalesOrder.tapPromise('Audit', async (context) => {
      await context.em.nativeUpdate(SalesInvoiceHeaderSchema, { no: context.invoiceNo }, { externalDocumentNo: 'audited' });
    });
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await fx.service.releaseSalesOrder(order.no);
    await fx.service.postSalesOrder(order.no);
    expect((await fx.orm.em.fork().findOneOrFail(SalesInvoiceHeaderSchema, { no: 'SI00001' })).externalDocumentNo).toBe('audited');
  });

  it('raises afterReleaseSalesOrder once; reopening and releasing again work, and releasing twice changes nothing', async () => {
    fx = await salesFixture();
    const released: string[] = [];
    fx.service.hooks.afterReleaseSalesOrder.tap('Test', (context) => {
      released.push(`${context.orderNo}:${context.lines.length}:${context.customer.no}`);
    });
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    expect((await fx.service.releaseSalesOrder(order.no)).order.status).toBe('Released');
    expect((await fx.service.releaseSalesOrder(order.no)).order.status).toBe('Released');
    expect(released).toEqual([`${order.no}:1:C00001`]);
    expect((await fx.service.reopenSalesOrder(order.no)).order.status).toBe('Open');
    await fx.service.addSalesLine(order.no, { itemNo: 'I00002', quantity: 2 });
    await fx.service.releaseSalesOrder(order.no);
    expect(released).toEqual([`${order.no}:1:C00001`, `${order.no}:2:C00001`]);
  });

  it('shares hooks per owner, webpack style', async () => {
    fx = await salesFixture();
    const owner = {};
    const hooks = SalesOrderService.getHooks(owner);
    expect(SalesOrderService.getHooks(owner)).toBe(hooks);
    expect(SalesOrderService.getHooks({})).not.toBe(hooks);
    expect(Object.isFrozen(hooks)).toBe(true);
    const seen: string[] = [];
    hooks.beforePostSalesOrder.tap('Plugin', (context) => {
      seen.push(`${context.orderNo}→${context.invoiceNo}`);
    });
    const service = new SalesOrderService(fx.orm, { hooks });
    const { order } = await service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await service.releaseSalesOrder(order.no);
    await service.postSalesOrder(order.no);
    expect(seen).toEqual([`${order.no}→SI00001`]);
  });
});
