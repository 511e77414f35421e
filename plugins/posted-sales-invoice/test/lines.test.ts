import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncStage } from '@tandem/core';
import { ItemSchema } from '@tandem/erp';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import type { TestPair } from '@tandem/testing';
import { POSTED_SALES_INVOICE, PostedInvoiceErrorCodes } from '../src/index';
import { crmInvoice, crmLines, postedInvoice, runInvoices, startInvoicePair } from './fixtures';

// One pair for the file (booting one takes seconds): each test makes its own invoices and leaves every invoice in
// step at its end, so the counters of the next test's runs are its own.
let pair: TestPair;

beforeAll(async () => {
  pair = await startInvoicePair();
});

afterEach(() => {
  pair.emulator.knobs.faultRate = 0;
});

afterAll(async () => {
  await pair.close();
});

async function productOf(itemNo: string): Promise<{ id: string; unit: unknown }> {
  const coupling = await pair.host.state.findCoupling(ITEM_PRODUCT, 'business', itemNo);
  const [product] = await pair.crm.getByIds('product', [coupling!.integrationId!]);
  return { id: product!.id, unit: product!.values._defaultuomid_value };
}

async function allLines(): Promise<number> {
  return (await pair.crm.readChanged('invoicedetail', { limit: 1000 })).rows.length;
}

describe('POSTEDSALESINV-INV lines', () => {
  it('writes product lines for coupled items and write-in lines with their description, all lines of a page in one batch', async () => {
    const invoice = await postedInvoice(pair, {
      customerNo: 'C1',
      lines: [
        { itemNo: 'I1', quantity: 2, unitPrice: 100, lineDiscountPercent: 10 },
        { itemNo: null, quantity: 1, unitPrice: 5, description: 'Gift wrapping' },
        { itemNo: 'I3', quantity: 3, unitPrice: 7, description: 'Bell, chrome' },
      ],
    });
    expect((await runInvoices(pair)).inserted).toBe(1);

    const header = (await crmInvoice(pair, invoice.no))!;
    const bicycle = await productOf('I1');
    expect(bicycle.unit).toEqual(expect.any(String));
    const lines = await crmLines(pair, header.id);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      _productid_value: bicycle.id, _uomid_value: bicycle.unit, isproductoverridden: false, quantity: 2, priceperunit: 100,
      manualdiscountamount: 20, baseamount: 200, extendedamount: 180, lineitemnumber: 10000, sequencenumber: 1,
    });
    // The setup's write-in item and an item that is not coupled (I3) are write-in lines that keep their description.
    expect(lines[1]).toMatchObject({ _productid_value: null, isproductoverridden: true, productdescription: 'Gift wrapping', extendedamount: 5 });
    expect(lines[2]).toMatchObject({ _productid_value: null, isproductoverridden: true, productdescription: 'Bell, chrome', extendedamount: 21 });
    expect(header.values.totalamount).toBe(206);

    // Requests per run do not grow with the invoices and lines of a page: one page of three invoices (nine lines)
    // costs what one invoice of one line costs.
    for (const customerNo of ['C1', 'C2', 'C1']) {
      await postedInvoice(pair, { customerNo, lines: [{ itemNo: 'I1', quantity: 1 }, { itemNo: 'I2', quantity: 1 }, { itemNo: 'I3', quantity: 1 }] });
    }
    let before = pair.emulator.stats.requests;
    expect((await runInvoices(pair)).inserted).toBe(3);
    const threeInvoices = pair.emulator.stats.requests - before;
    await postedInvoice(pair, { customerNo: 'C2', lines: [{ itemNo: 'I1', quantity: 1 }] });
    before = pair.emulator.stats.requests;
    expect((await runInvoices(pair)).inserted).toBe(1);
    expect(threeInvoices).toBe(pair.emulator.stats.requests - before);
    expect(await allLines()).toBe(3 + 9 + 1);
  });

  it('fails an invoice with a blocked item before anything of it is written, and sends the other invoices of the page', async () => {
    const blocked = await postedInvoice(pair, { customerNo: 'C1', lines: [{ itemNo: 'I1', quantity: 1 }, { itemNo: 'I2', quantity: 1 }] });
    const good = await postedInvoice(pair, { customerNo: 'C2', lines: [{ itemNo: 'I1', quantity: 1 }] });
    await pair.erp().nativeUpdate(ItemSchema, { no: 'I2' }, { blocked: true, modifiedAt: new Date() });

    const job = await runInvoices(pair);
    expect([job.inserted, job.failed]).toEqual([1, 1]);
    expect(await crmInvoice(pair, blocked.no)).toBeUndefined();
    expect(await crmLines(pair, (await crmInvoice(pair, good.no))!.id)).toHaveLength(1);
    const [error] = await pair.host.state.errors(POSTED_SALES_INVOICE, { jobId: job.id });
    expect(error).toMatchObject({ sourceId: blocked.no, code: PostedInvoiceErrorCodes.ITEM_BLOCKED, destinationId: null });
    expect(error!.message).toContain(`posted invoice ${blocked.no} has lines with blocked item(s) I2`);

    // Unblocked, the invoice goes with its next run (retried first).
    await pair.erp().nativeUpdate(ItemSchema, { no: 'I2' }, { blocked: false, modifiedAt: new Date() });
    expect((await runInvoices(pair)).inserted).toBe(1);
    expect(await crmLines(pair, (await crmInvoice(pair, blocked.no))!.id)).toHaveLength(2);
  });

  it('deletes the invoice again when its lines cannot be written, and creates it with its lines on the next run', async () => {
    const invoice = await postedInvoice(pair, { customerNo: 'C1', lines: [{ itemNo: 'I2', quantity: 1 }, { itemNo: 'I1', quantity: 1 }] });
    const bicycle = await productOf('I1');
    // The product is deleted in the CRM while the run is under way: after the checks, before the lines are written.
    let raced = false;
    pair.host.hooks.onAfterInsert.for(POSTED_SALES_INVOICE).tapPromise({ name: 'race', stage: SyncStage.VALIDATE }, async () => {
      if (raced) return;
      raced = true;
      const [deleted] = await pair.crm.write('product', [{ kind: 'delete', ref: 'race', id: bicycle.id }]);
      expect(deleted?.ok).toBe(true);
    });

    const failed = await runInvoices(pair);
    expect([failed.inserted, failed.failed]).toEqual([0, 1]);
    expect(await crmInvoice(pair, invoice.no)).toBeUndefined();
    const [error] = await pair.host.state.errors(POSTED_SALES_INVOICE, { jobId: failed.id });
    expect(error).toMatchObject({ sourceId: invoice.no, code: PostedInvoiceErrorCodes.LINES_FAILED });
    expect(error!.message).toContain('The CRM invoice was deleted again');
    // The line that was written (I2's) went with its invoice.
    expect(await crmLines(pair, error!.destinationId!)).toHaveLength(0);

    // The item gets a product again; the next run makes the invoice anew, with both lines.
    await pair.host.engine.uncouple(ITEM_PRODUCT, { businessId: 'I1' });
    await pair.host.engine.syncRecord(ITEM_PRODUCT, { businessId: 'I1' }, 'toIntegration');
    const next = await runInvoices(pair);
    expect([next.inserted, next.failed]).toEqual([1, 0]);
    const header = (await crmInvoice(pair, invoice.no))!;
    const lines = await crmLines(pair, header.id);
    expect(lines.map((line) => line._productid_value)).toEqual([(await productOf('I2')).id, (await productOf('I1')).id]);
    expect(header.values.totalamount).toBe(120);
    const again = await runInvoices(pair);
    expect([again.inserted, again.modified, again.failed]).toEqual([0, 0, 0]);
  });

  it('completes an incomplete invoice on the next run when deleting it failed too, without doubling a line', async () => {
    const invoice = await postedInvoice(pair, { customerNo: 'C1', lines: [{ itemNo: 'I1', quantity: 1 }, { itemNo: 'I2', quantity: 2 }] });
    // The CRM starts failing (500, not retried) once the header is written: the lines and the delete both fail.
    let failing = false;
    pair.host.hooks.onAfterInsert.for(POSTED_SALES_INVOICE).tap({ name: 'outage', stage: SyncStage.VALIDATE }, () => {
      if (failing) return;
      failing = true;
      pair.emulator.knobs.faultStatus = 500;
      pair.emulator.knobs.faultRate = 1;
    });

    const failed = await runInvoices(pair);
    pair.emulator.knobs.faultRate = 0;
    expect([failed.inserted, failed.failed]).toEqual([0, 1]);
    const [error] = await pair.host.state.errors(POSTED_SALES_INVOICE, { jobId: failed.id });
    expect(error).toMatchObject({ sourceId: invoice.no, code: PostedInvoiceErrorCodes.LINES_FAILED });
    expect(error!.message).toContain('Deleting the incomplete CRM invoice failed too');
    const header = (await crmInvoice(pair, invoice.no))!;
    expect(error!.message).toContain(`delete invoice ${header.id} in the CRM`);
    expect(await crmLines(pair, header.id)).toHaveLength(0);

    const next = await runInvoices(pair);
    expect(next.failed).toBe(0);
    expect((await crmLines(pair, header.id)).map((line) => line.quantity)).toEqual([1, 2]);
    expect((await crmInvoice(pair, invoice.no))!.values.totalamount).toBe(140);
    const again = await runInvoices(pair);
    expect([again.inserted, again.modified, again.failed]).toEqual([0, 0, 0]);
    expect(await crmLines(pair, header.id)).toHaveLength(2);
  });
});
