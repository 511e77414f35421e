import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ERP_SETUP_KEY,
  ErpError,
  ErpSetupSchema,
  SalesDocumentArchiveService,
  SalesHeaderArchiveSchema,
  SalesHeaderSchema,
  SalesLineArchiveSchema,
  SalesLineSchema,
  SalesOrderService,
  type ArchivedSalesDocumentContext,
} from '../src/index';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await salesFixture()).close(), 30_000);

function archiveOf(fixture: SalesFixture): SalesDocumentArchiveService {
  return new SalesDocumentArchiveService(fixture.orm, { hooks: fixture.service.hooks });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ErpError);
  return (error as ErpError).code;
}

describe('sales quotes as sales headers', () => {
  it('numbers a quote from its own series, keeps its valid-until date, and refuses to release or post it', async () => {
    fx = await salesFixture();
    const { order: quote, lines } = await fx.service.createSalesOrder({
      documentType: 'Quote', customerNo: 'C00001', orderDate: '2025-03-10', quoteValidUntilDate: '2025-04-10',
      yourReference: 'QUO-1', lines: [{ itemNo: 'I00001', quantity: 2 }],
    });
    expect(quote).toMatchObject({ no: 'SQ00001', documentType: 'Quote', quoteValidUntilDate: '2025-04-10', docNoOccurrence: 1, amount: '21' });
    expect(lines.map((l) => [l.documentType, l.documentNo, l.lineNo])).toEqual([['Quote', 'SQ00001', 10000]]);
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', quoteNo: quote.no, lines: [{ itemNo: 'I00001', quantity: 1 }] });
    expect(order).toMatchObject({ no: 'SO00001', documentType: 'Order', quoteNo: 'SQ00001' });
    expect(await codeOf(fx.service.releaseSalesOrder(quote.no))).toBe('TANDEM_ERP_DOCUMENT_TYPE_INVALID');
    expect(await codeOf(fx.service.postSalesOrder(quote.no))).toBe('TANDEM_ERP_DOCUMENT_TYPE_INVALID');
    expect(await codeOf(fx.service.createSalesOrder({ documentType: 'Invoice' as never, customerNo: 'C00001' }))).toBe('TANDEM_ERP_VALUE_INVALID');
    expect(await codeOf(fx.service.createSalesOrder({ documentType: 'Quote', customerNo: 'C00001', quoteValidUntilDate: '2025-02-30' }))).toBe('TANDEM_ERP_VALUE_INVALID');
  });
});

describe('archiving a sales document', () => {
  it('writes numbered versions that copy the header and lines as they were, and leaves the document', async () => {
    fx = await salesFixture();
    const archive = archiveOf(fx);
    const seen: ArchivedSalesDocumentContext[] = [];
    fx.service.hooks.afterArchiveSalesDocument.tap('Test', (context) => {
      seen.push(context);
    });
    const { order: quote } = await fx.service.createSalesOrder({
      documentType: 'Quote', customerNo: 'C00001', orderDate: '2025-03-10', quoteValidUntilDate: '2025-04-10',
      externalDocumentNo: 'First', lines: [{ itemNo: 'I00001', quantity: 2 }, { itemNo: 'I00002', quantity: 1 }],
    });
    const v1 = await archive.archiveSalesDocument('Quote', quote.no);
    expect(v1.versionNo).toBe(1);
    expect(v1.header).toMatchObject({
      documentType: 'Quote', no: quote.no, docNoOccurrence: 1, versionNo: 1, externalDocumentNo: 'First', amount: quote.amount,
      quoteValidUntilDate: '2025-04-10', sellToCustomerNo: 'C00001', status: 'Open',
    });
    expect(v1.lines.map((l) => [l.lineNo, l.no, l.quantity, l.amount, l.versionNo])).toEqual([[10000, 'I00001', '2', '21', 1], [20000, 'I00002', '1', '99.99', 1]]);

    // Change the quote, archive again: version 2 has the new state, version 1 keeps the old one.
    await fx.service.addSalesLine(quote.no, { itemNo: 'I00001', quantity: 5 });
    const em = fx.orm.em.fork();
    await em.nativeUpdate(SalesHeaderSchema, { no: quote.no }, { externalDocumentNo: 'Second', modifiedAt: new Date() });
    const v2 = await archive.archiveSalesDocument('Quote', quote.no);
    expect(v2.versionNo).toBe(2);
    expect(v2.header.externalDocumentNo).toBe('Second');
    expect(v2.lines).toHaveLength(3);

    const versions = await archive.getArchivedVersions('Quote', quote.no);
    expect(versions.map((v) => [v.versionNo, v.externalDocumentNo])).toEqual([[1, 'First'], [2, 'Second']]);
    const read = await archive.getArchivedVersion('Quote', quote.no, 1);
    expect(read.lines.map((l) => l.lineNo)).toEqual([10000, 20000]);
    expect(await fx.orm.em.fork().count(SalesLineSchema, { documentType: 'Quote', documentNo: quote.no })).toBe(3);
    expect(seen.map((c) => [c.documentType, c.no, c.versionNo, c.lines.length])).toEqual([['Quote', quote.no, 1, 2], ['Quote', quote.no, 2, 3]]);
  });

  it('starts a new occurrence when a number comes back after its document was deleted', async () => {
    fx = await salesFixture();
    const archive = archiveOf(fx);
    await fx.service.createSalesOrder({ documentType: 'Quote', no: 'SQ-X', customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await archive.archiveSalesDocument('Quote', 'SQ-X');
    const em = fx.orm.em.fork();
    await em.nativeDelete(SalesLineSchema, { documentNo: 'SQ-X' });
    await em.nativeDelete(SalesHeaderSchema, { no: 'SQ-X' });
    const { order: again } = await fx.service.createSalesOrder({ documentType: 'Quote', no: 'SQ-X', customerNo: 'C00002', lines: [{ itemNo: 'I00002', quantity: 1 }] });
    expect(again.docNoOccurrence).toBe(2);
    const v = await archive.archiveSalesDocument('Quote', 'SQ-X');
    expect([v.header.docNoOccurrence, v.versionNo, v.header.sellToCustomerNo]).toEqual([2, 1, 'C00002']);
    expect((await archive.getArchivedVersions('Quote', 'SQ-X')).map((h) => h.sellToCustomerNo)).toEqual(['C00002']);
    expect((await archive.getArchivedVersions('Quote', 'SQ-X', { docNoOccurrence: 1 })).map((h) => h.sellToCustomerNo)).toEqual(['C00001']);
  });

  it('fails clearly for a missing document, a wrong type or a missing version, and writes nothing', async () => {
    fx = await salesFixture();
    const archive = archiveOf(fx);
    const { order } = await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    const missing = await archive.archiveSalesDocument('Quote', order.no).catch((e: ErpError) => e);
    expect(missing).toMatchObject({ code: 'TANDEM_ERP_DOCUMENT_NOT_FOUND' });
    expect((missing as Error).message).toContain(`Sales quote "${order.no}" does not exist`);
    expect(await codeOf(archive.archiveSalesDocument('Invoice' as never, order.no))).toBe('TANDEM_ERP_VALUE_INVALID');
    expect(await codeOf(archive.getArchivedVersion('Order', order.no, 1))).toBe('TANDEM_ERP_ARCHIVE_VERSION_NOT_FOUND');
    // A throwing hook tap undoes the version.
    archive.hooks.afterArchiveSalesDocument.tap('Broken', () => {
      throw new Error('no');
    });
    await expect(archive.archiveSalesDocument('Order', order.no)).rejects.toMatchObject({ code: 'TANDEM_HOOK_FAILED' });
    expect(await fx.orm.em.fork().count(SalesHeaderArchiveSchema, {})).toBe(0);
    expect(await fx.orm.em.fork().count(SalesLineArchiveSchema, {})).toBe(0);
  });
});

describe('Archive Orders on posting', () => {
  async function postOne(service: SalesOrderService): Promise<string> {
    const { order } = await service.createSalesOrder({ customerNo: 'C00001', yourReference: 'ORD-9', lines: [{ itemNo: 'I00001', quantity: 3 }] });
    await service.releaseSalesOrder(order.no);
    await service.postSalesOrder(order.no, { postingDate: '2025-03-15' });
    return order.no;
  }

  it('archives the released order before posting deletes it when the setup says so', async () => {
    fx = await salesFixture();
    await fx.orm.em.fork().nativeUpdate(ErpSetupSchema, { key: ERP_SETUP_KEY }, { archiveOrders: true, modifiedAt: new Date() });
    const no = await postOne(fx.service);
    const { header, lines } = await archiveOf(fx).getArchivedVersion('Order', no, 1);
    expect(header).toMatchObject({ documentType: 'Order', status: 'Released', yourReference: 'ORD-9', amount: '31.5' });
    expect(lines.map((l) => [l.no, l.quantity])).toEqual([['I00001', '3']]);
    expect(await fx.orm.em.fork().count(SalesHeaderSchema, { no })).toBe(0);
  });

  it('archives nothing on posting with the setting off (the default)', async () => {
    fx = await salesFixture();
    await postOne(fx.service);
    expect(await fx.orm.em.fork().count(SalesHeaderArchiveSchema, {})).toBe(0);
  });
});
