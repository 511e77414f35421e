import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SalesDocumentArchiveService,
  SalesHeaderArchiveSchema,
  SalesHeaderSchema,
  SalesLineSchema,
  SalesQuoteService,
} from '../src/index';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await salesFixture()).close(), 30_000);

describe('SalesQuoteService', () => {
  it('revises a quote: the old state becomes the next archived version, the quote keeps its number and occurrence', async () => {
    fx = await salesFixture();
    const quotes = new SalesQuoteService(fx.orm, fx.service);
    const { order: quote } = await quotes.createSalesQuote({
      customerNo: 'C00001', externalDocumentNo: 'Bikes', yourReference: 'QUO-1', quoteValidUntilDate: '2025-04-01',
      lines: [{ itemNo: 'I00001', quantity: 1 }],
    });
    const revised = await quotes.reviseSalesQuote(quote.no, {
      customerNo: 'C00002', externalDocumentNo: 'Bikes v2', yourReference: 'QUO-1', quoteValidUntilDate: '2025-05-01',
      lines: [{ itemNo: 'I00002', quantity: 2, unitPrice: 50 }, { itemNo: 'I00001', quantity: 1, unitPrice: 10 }],
    });
    expect(revised.archived.versionNo).toBe(1);
    expect(revised.archived.header).toMatchObject({ externalDocumentNo: 'Bikes', sellToCustomerNo: 'C00001', quoteValidUntilDate: '2025-04-01' });
    expect(revised.order).toMatchObject({ no: quote.no, documentType: 'Quote', externalDocumentNo: 'Bikes v2', sellToCustomerNo: 'C00002', docNoOccurrence: 1, amount: '110' });
    const em = fx.orm.em.fork();
    expect((await em.findOneOrFail(SalesHeaderSchema, { no: quote.no })).docNoOccurrence).toBe(1);
    expect(await em.count(SalesLineSchema, { documentType: 'Quote', documentNo: quote.no })).toBe(2);

    const again = await quotes.reviseSalesQuote(quote.no, { customerNo: 'C00002', lines: [{ itemNo: 'I00002', quantity: 1 }] });
    expect(again.archived.versionNo).toBe(2);
    expect(again.archived.lines).toHaveLength(2);
  });

  it('leaves quote and archive untouched when the revision breaks a rule', async () => {
    fx = await salesFixture();
    const quotes = new SalesQuoteService(fx.orm, fx.service);
    const { order: quote } = await quotes.createSalesQuote({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    await expect(quotes.reviseSalesQuote(quote.no, { customerNo: 'C00001', lines: [{ itemNo: 'NOPE', quantity: 1 }] }))
      .rejects.toMatchObject({ code: 'TANDEM_ERP_ITEM_NOT_FOUND' });
    const em = fx.orm.em.fork();
    expect(await em.count(SalesHeaderArchiveSchema, {})).toBe(0);
    expect((await em.findOneOrFail(SalesHeaderSchema, { no: quote.no })).systemId).toBe(quote.systemId);
    await expect(quotes.reviseSalesQuote('SQ-NONE', { customerNo: 'C00001' })).rejects.toMatchObject({ code: 'TANDEM_ERP_DOCUMENT_NOT_FOUND' });
  });

  it('deletes a quote after archiving it, or without when told', async () => {
    fx = await salesFixture();
    const quotes = new SalesQuoteService(fx.orm, fx.service);
    const { order: a } = await quotes.createSalesQuote({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    const { order: b } = await quotes.createSalesQuote({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    const archived = await quotes.deleteSalesQuote(a.no);
    expect(archived?.versionNo).toBe(1);
    expect(await quotes.deleteSalesQuote(b.no, { archive: false })).toBeUndefined();
    const em = fx.orm.em.fork();
    expect(await em.count(SalesHeaderSchema, { documentType: 'Quote' })).toBe(0);
    expect(await em.count(SalesLineSchema, { documentType: 'Quote' })).toBe(0);
    expect((await new SalesDocumentArchiveService(fx.orm).getArchivedVersions('Quote', a.no)).map((v) => v.versionNo)).toEqual([1]);
    expect(await new SalesDocumentArchiveService(fx.orm).getArchivedVersions('Quote', b.no)).toEqual([]);
  });
});
