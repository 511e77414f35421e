import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerSchema,
  ErpError,
  ErpErrorCodes,
  ERP_SETUP_KEY,
  ErpSetupSchema,
  ItemSchema,
  NoSeriesSchema,
  SalesHeaderSchema,
  takeNextNo,
  type SalesOrderService,
} from '../src/index';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await salesFixture()).close(), 30_000);

async function failure(work: Promise<unknown>): Promise<ErpError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ErpError);
  return error as ErpError;
}

/** An order of C00001 with one line of I00001, released when asked. */
async function order(service: SalesOrderService, release = false): Promise<string> {
  const { order } = await service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
  if (release) await service.releaseSalesOrder(order.no);
  return order.no;
}

describe('rules when an order is created', () => {
  const cases: { rule: string; input: Record<string, unknown>; code: string; message: string }[] = [
    { rule: 'unknown customer', input: { customerNo: 'C99999' }, code: ErpErrorCodes.CUSTOMER_NOT_FOUND,
      message: 'Customer "C99999" does not exist. Use an existing customer no. or create the customer first.' },
    { rule: 'blank customer', input: { customerNo: ' ' }, code: ErpErrorCodes.VALUE_INVALID, message: 'customerNo " " is not valid: expected a customer number.' },
    { rule: 'unknown item', input: { lines: [{ itemNo: 'NOPE', quantity: 1 }] }, code: ErpErrorCodes.ITEM_NOT_FOUND,
      message: 'Item "NOPE" does not exist. Use an existing item no. or create the item first.' },
    { rule: 'unknown currency', input: { currencyCode: 'XXX' }, code: ErpErrorCodes.CURRENCY_NOT_FOUND,
      message: 'Currency "XXX" does not exist. Use an existing currency code, or a blank code for the local currency.' },
    { rule: 'no exchange rate yet', input: { currencyCode: 'USD', orderDate: '2023-12-31' }, code: ErpErrorCodes.EXCHANGE_RATE_MISSING,
      message: 'Currency "USD" has no exchange rate starting on or before 2023-12-31. Add a currency exchange rate.' },
    { rule: 'unknown payment terms', input: { paymentTermsCode: '90 DAYS' }, code: ErpErrorCodes.CODE_NOT_FOUND,
      message: 'Payment terms "90 DAYS" does not exist. Use an existing code or leave it blank.' },
    { rule: 'unknown salesperson', input: { salespersonCode: 'NOBODY' }, code: ErpErrorCodes.CODE_NOT_FOUND,
      message: 'Salesperson "NOBODY" does not exist. Use an existing code or leave it blank.' },
    { rule: 'zero quantity', input: { lines: [{ itemNo: 'I00001', quantity: 0 }] }, code: ErpErrorCodes.QUANTITY_NOT_POSITIVE,
      message: 'The quantity of item "I00001" is 0; it must be greater than 0.' },
    { rule: 'negative quantity', input: { lines: [{ itemNo: 'I00001', quantity: '-2' }] }, code: ErpErrorCodes.QUANTITY_NOT_POSITIVE,
      message: 'The quantity of item "I00001" is "-2"; it must be greater than 0.' },
    { rule: 'quantity not a number', input: { lines: [{ itemNo: 'I00001', quantity: 'lots' }] }, code: ErpErrorCodes.VALUE_INVALID,
      message: 'quantity "lots" is not valid: expected a decimal number such as 12.5.' },
    { rule: 'negative price', input: { lines: [{ itemNo: 'I00001', quantity: 1, unitPrice: -1 }] }, code: ErpErrorCodes.VALUE_INVALID,
      message: 'unitPrice -1 is not valid: expected a price of 0 or more.' },
    { rule: 'discount over 100 %', input: { lines: [{ itemNo: 'I00001', quantity: 1, lineDiscountPercent: 150 }] }, code: ErpErrorCodes.VALUE_INVALID,
      message: 'lineDiscountPercent 150 is not valid: expected a percentage from 0 to 100.' },
    { rule: 'impossible date', input: { orderDate: '2025-02-30' }, code: ErpErrorCodes.VALUE_INVALID,
      message: 'orderDate "2025-02-30" is not valid: expected a date as YYYY-MM-DD.' },
    { rule: 'number taken', input: { no: 'TAKEN' }, code: ErpErrorCodes.ORDER_EXISTS,
      message: 'Sales order "TAKEN" already exists. Choose another number or leave it to the number series.' },
  ];

  it.each(cases)('$rule → $code', async ({ input, code, message }) => {
    fx = await salesFixture();
    await fx.service.createSalesOrder({ customerNo: 'C00001', no: 'TAKEN' });
    const error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001', ...input }));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.errorClass).toBe('validation');
    // Nothing was written: only the TAKEN order exists, and the order series did not move.
    const em = fx.orm.em.fork();
    expect((await em.find(SalesHeaderSchema, {})).map((o) => o.no)).toEqual(['TAKEN']);
    expect((await em.findOneOrFail(NoSeriesSchema, { code: 'S-ORD' })).lastNoUsed).toBeNull();
  });

  it('a customer blocked for everything gets no order; one blocked for shipping does', async () => {
    fx = await salesFixture();
    await fx.orm.em.fork().nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: 'All' });
    const error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001' }));
    expect(error.code).toBe(ErpErrorCodes.CUSTOMER_BLOCKED);
    expect(error.message).toBe('Customer "C00001" is blocked (All), so the order cannot be created. Clear the customer\'s Blocked field first.');
    await fx.orm.em.fork().nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: 'Ship' });
    expect((await fx.service.createSalesOrder({ customerNo: 'C00001' })).order.no).toBe('SO00001');
  });

  it('a blocked item cannot be put on an order', async () => {
    fx = await salesFixture();
    await fx.orm.em.fork().nativeUpdate(ItemSchema, { no: 'I00002' }, { blocked: true });
    const error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00002', quantity: 1 }] }));
    expect(error.code).toBe(ErpErrorCodes.ITEM_BLOCKED);
    expect(error.message).toBe('Item "I00002" is blocked (it cannot be put on order SO00001). Unblock the item or remove it from the order.');
  });

  it('a write-in line needs a write-in item in the setup', async () => {
    fx = await salesFixture();
    await fx.orm.em.fork().nativeUpdate(ErpSetupSchema, { key: ERP_SETUP_KEY }, { writeInItemNo: null });
    const error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: '', quantity: 1 }] }));
    expect(error.code).toBe(ErpErrorCodes.WRITE_IN_ITEM_MISSING);
    expect(error.message).toContain('Set ErpSetup.writeInItemNo');
  });

  it('needs the setup row and an existing, countable order series', async () => {
    fx = await salesFixture();
    const em = fx.orm.em.fork();
    await em.nativeUpdate(ErpSetupSchema, { key: ERP_SETUP_KEY }, { orderNos: 'MISSING' });
    let error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001' }));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.NO_SERIES_NOT_FOUND,
      'Number series "MISSING" does not exist. Create it or point the setup at an existing series.']);
    await em.nativeUpdate(ErpSetupSchema, { key: ERP_SETUP_KEY }, { orderNos: 'S-ORD' });
    await em.nativeUpdate(NoSeriesSchema, { code: 'S-ORD' }, { lastNoUsed: 'SO99999' });
    error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001' }));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.NO_SERIES_INVALID,
      'Number series "S-ORD" cannot count on from "SO99999": a number must end in digits.']);
    await em.nativeUpdate(ErpSetupSchema, { key: ERP_SETUP_KEY }, { orderNos: null });
    error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001' }));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.SETUP_MISSING, 'The ERP setup has no orderNos. Fill in ErpSetup.orderNos first.']);
    await em.nativeDelete(ErpSetupSchema, {});
    error = await failure(fx.service.createSalesOrder({ customerNo: 'C00001' }));
    expect(error.code).toBe(ErpErrorCodes.SETUP_MISSING);
  });

  it('refuses a number another writer took between the read and the update (transient)', async () => {
    fx = await salesFixture();
    const error = await failure(fx.orm.em.fork().transactional(async (em) => {
      const read = em.findOne.bind(em);
      // Another writer advances the series right after this one has read it.
      em.findOne = (async (...args: Parameters<typeof read>) => {
        const found = await read(...args);
        await em.nativeUpdate(NoSeriesSchema, { code: 'S-ORD' }, { lastNoUsed: 'SO00007' });
        return found;
      }) as typeof em.findOne;
      return takeNextNo(em, 'S-ORD');
    }));
    expect([error.code, error.errorClass]).toEqual([ErpErrorCodes.NO_SERIES_CONFLICT, 'transient']);
    expect(error.message).toBe('Number series "S-ORD" was advanced by someone else at the same time. Try again.');
  });
});

describe('rules when an order is changed, released or posted', () => {
  it('an unknown order is named', async () => {
    fx = await salesFixture();
    for (const work of [fx.service.releaseSalesOrder('SO-NONE'), fx.service.postSalesOrder('SO-NONE'), fx.service.addSalesLine('SO-NONE', { itemNo: 'I00001', quantity: 1 })]) {
      const error = await failure(work);
      expect([error.code, error.message]).toEqual([ErpErrorCodes.ORDER_NOT_FOUND, 'Sales order "SO-NONE" does not exist. It may have been posted already.']);
    }
  });

  it('an order without lines cannot be released', async () => {
    fx = await salesFixture();
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001' });
    const error = await failure(fx.service.releaseSalesOrder(order.no));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.ORDER_HAS_NO_LINES,
      'Sales order "SO00001" has no lines, so there is nothing to release or post. Add a line first.']);
    expect((await fx.service.getSalesOrder(order.no)).order.status).toBe('Open');
  });

  it('an order with a blocked item cannot be released', async () => {
    fx = await salesFixture();
    const no = await order(fx.service);
    await fx.orm.em.fork().nativeUpdate(ItemSchema, { no: 'I00001' }, { blocked: true });
    const error = await failure(fx.service.releaseSalesOrder(no));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.ITEM_BLOCKED,
      'Item "I00001" is blocked (line 10000 of order SO00001). Unblock the item or remove it from the order.']);
    expect((await fx.service.getSalesOrder(no)).order.status).toBe('Open');
  });

  it('a customer blocked for everything stops the release', async () => {
    fx = await salesFixture();
    const no = await order(fx.service);
    await fx.orm.em.fork().nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: 'All' });
    const error = await failure(fx.service.releaseSalesOrder(no));
    expect(error.code).toBe(ErpErrorCodes.CUSTOMER_BLOCKED);
    expect(error.message).toContain('cannot be released');
  });

  it('a released order cannot get lines', async () => {
    fx = await salesFixture();
    const no = await order(fx.service, true);
    const error = await failure(fx.service.addSalesLine(no, { itemNo: 'I00002', quantity: 1 }));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.ORDER_NOT_OPEN, 'Sales order "SO00001" is released and cannot be changed. Reopen it first.']);
  });

  it('an open order cannot be posted', async () => {
    fx = await salesFixture();
    const no = await order(fx.service);
    const error = await failure(fx.service.postSalesOrder(no));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.ORDER_NOT_RELEASED, 'Sales order "SO00001" is open and cannot be posted. Release it first.']);
  });

  it('a customer blocked for invoicing, or a blocked item, stops the post and leaves the order as it was', async () => {
    fx = await salesFixture();
    const no = await order(fx.service, true);
    const em = fx.orm.em.fork();
    await em.nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: 'Invoice' });
    let error = await failure(fx.service.postSalesOrder(no));
    expect([error.code, error.message]).toEqual([ErpErrorCodes.CUSTOMER_BLOCKED,
      'Customer "C00001" is blocked (Invoice), so the order cannot be posted. Clear the customer\'s Blocked field first.']);
    await em.nativeUpdate(CustomerSchema, { no: 'C00001' }, { blocked: '' });
    await em.nativeUpdate(ItemSchema, { no: 'I00001' }, { blocked: true });
    error = await failure(fx.service.postSalesOrder(no));
    expect(error.code).toBe(ErpErrorCodes.ITEM_BLOCKED);
    expect((await fx.service.getSalesOrder(no)).order.status).toBe('Released');
    expect((await em.findOneOrFail(NoSeriesSchema, { code: 'S-INV' })).lastNoUsed).toBeNull();
  });
});
