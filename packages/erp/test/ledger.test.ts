import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CustLedgerEntrySchema,
  ErpErrorCodes,
  ItemLedgerEntrySchema,
  ItemSchema,
  LedgerService,
  type CustLedgerEntry,
} from '../src/index';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());
beforeAll(async () => (await salesFixture()).close(), 30_000);

const item = async (no: string) => fx.orm.em.fork().findOneOrFail(ItemSchema, { no });
const entries = async (customerNo: string) =>
  (await fx.orm.em.fork().find(CustLedgerEntrySchema, { customerNo }, { orderBy: { entryNo: 'asc' } })).map((e: CustLedgerEntry) => [
    e.documentType, e.amountLcy, e.remainingAmountLcy, e.open,
  ]);

async function postOrder(customerNo: string, lines: { itemNo: string; quantity: number }[], postingDate = '2025-03-10') {
  const { order } = await fx.service.createSalesOrder({ customerNo, orderDate: postingDate, lines });
  await fx.service.releaseSalesOrder(order.no);
  return fx.service.postSalesOrder(order.no, { postingDate });
}

describe('ledgers written by posting', () => {
  it('an invoice writes an open customer ledger entry in LCY and negative Sale item entries; inventory follows without touching the item row', async () => {
    fx = await salesFixture();
    const ledger = new LedgerService(fx.orm);
    await ledger.recalculateInventory(); // the demo's opening stock is in the ledger: inventory = its sum
    const before = await item('I00001');
    const { invoice } = await postOrder('C00001', [{ itemNo: 'I00001', quantity: 3 }, { itemNo: 'I00001', quantity: 2 }]);

    expect(await entries('C00001')).toEqual([['Invoice', '52.5', '52.5', true]]);
    const [customerEntry] = await fx.orm.em.fork().find(CustLedgerEntrySchema, { documentNo: invoice.no });
    expect(customerEntry).toMatchObject({ postingDate: '2025-03-10', dueDate: invoice.dueDate, customerNo: 'C00001' });
    const sales = await fx.orm.em.fork().find(ItemLedgerEntrySchema, { documentNo: invoice.no }, { orderBy: { entryNo: 'asc' } });
    expect(sales.map((e) => [e.itemNo, e.entryType, e.quantity])).toEqual([['I00001', 'Sale', '-3'], ['I00001', 'Sale', '-2']]);
    const after = await item('I00001');
    expect(Number(after.inventory)).toBe(Number(before.inventory) - 5);
    expect(after.modifiedAt.getTime()).toBe(before.modifiedAt.getTime());
  });

  it('a foreign-currency invoice is entered in the local currency (amount ÷ currency factor)', async () => {
    fx = await salesFixture();
    const { invoice } = await postOrder('C00002', [{ itemNo: 'I00002', quantity: 1 }]);
    const [entry] = await fx.orm.em.fork().find(CustLedgerEntrySchema, { documentNo: invoice.no });
    const factor = Number(invoice.currencyFactor);
    expect(factor).not.toBe(1);
    expect(Number(entry!.amountLcy)).toBeCloseTo(Number(invoice.amountIncludingVat) / factor, 2);
  });
});

describe('LedgerService', () => {
  it('a payment closes the oldest open invoices first and keeps what is left open on the payment', async () => {
    fx = await salesFixture();
    const ledger = new LedgerService(fx.orm);
    await postOrder('C00001', [{ itemNo: 'I00001', quantity: 2 }], '2025-03-01'); // 21
    await postOrder('C00001', [{ itemNo: 'I00001', quantity: 4 }], '2025-03-05'); // 42
    const { applied } = await ledger.postPayment({ customerNo: 'C00001', amountLcy: '30', postingDate: '2025-03-20' });
    expect(applied).toHaveLength(2);
    expect(await entries('C00001')).toEqual([['Invoice', '21', '0', false], ['Invoice', '42', '33', true], ['Payment', '-30', '0', false]]);
    await ledger.postPayment({ customerNo: 'C00001', amountLcy: 40, postingDate: '2025-03-21' });
    expect((await entries('C00001')).slice(1)).toEqual([['Invoice', '42', '0', false], ['Payment', '-30', '0', false], ['Payment', '-40', '-7', true]]);
  });

  it('positive and negative adjustments move inventory and leave the item row alone', async () => {
    fx = await salesFixture();
    const ledger = new LedgerService(fx.orm);
    await ledger.recalculateInventory(['I00003']);
    const before = await item('I00003');
    await ledger.postItemAdjustment({ itemNo: 'I00003', quantity: '10.25' });
    await ledger.postItemAdjustment({ itemNo: 'I00003', quantity: -0.25 });
    const after = await item('I00003');
    expect(Number(after.inventory)).toBe(Number(before.inventory) + 10);
    expect(after.modifiedAt.getTime()).toBe(before.modifiedAt.getTime());
    const types = (await fx.orm.em.fork().find(ItemLedgerEntrySchema, { itemNo: 'I00003', documentNo: { $ne: 'OPENING' } })).map((e) => e.entryType);
    expect(types).toEqual(['Positive Adjmt.', 'Negative Adjmt.']);
  });

  it('refuses bad input with a clear code and writes nothing', async () => {
    fx = await salesFixture();
    const ledger = new LedgerService(fx.orm);
    await expect(ledger.postPayment({ customerNo: 'NOPE', amountLcy: 1 })).rejects.toMatchObject({ code: ErpErrorCodes.CUSTOMER_NOT_FOUND });
    await expect(ledger.postPayment({ customerNo: 'C00001', amountLcy: 0 })).rejects.toMatchObject({ code: ErpErrorCodes.VALUE_INVALID });
    await expect(ledger.postPayment({ customerNo: 'C00001', amountLcy: 5, appliesToDocNo: 'PSI-NONE' })).rejects.toMatchObject({
      code: ErpErrorCodes.NO_OPEN_ENTRY, message: expect.stringContaining('PSI-NONE'),
    });
    await expect(ledger.postItemAdjustment({ itemNo: 'I00001', quantity: 0 })).rejects.toMatchObject({ code: ErpErrorCodes.VALUE_INVALID });
    await expect(ledger.postItemAdjustment({ itemNo: 'NOPE', quantity: 1 })).rejects.toMatchObject({ code: ErpErrorCodes.ITEM_NOT_FOUND });
    expect(await fx.orm.em.fork().count(CustLedgerEntrySchema, {})).toBe(0);
  });

  it('the demo data opens each item with a positive adjustment equal to its inventory', async () => {
    fx = await salesFixture();
    const em = fx.orm.em.fork();
    const items = await em.find(ItemSchema, { inventory: { $ne: '0' } });
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) {
      const opening = await em.find(ItemLedgerEntrySchema, { itemNo: it.no });
      expect(opening.map((e) => [e.entryType, e.quantity])).toEqual([['Positive Adjmt.', it.inventory]]);
    }
  });
});
