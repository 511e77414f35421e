import { afterEach, describe, expect, it } from 'vitest';
import { SALES_ORDER_SERVICE, SalesDocumentArchiveService, SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_QUOTE, SALES_QUOTE_SERVICE } from '../src/index';
import { activeQuote, crmRow, startQuotePair, winQuote, type QuotePair } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

async function setUp(): Promise<QuotePair> {
  const started = await startQuotePair();
  pair = started.pair;
  return started;
}

describe('runs that were interrupted', () => {
  it('an ERP quote made for the quote but never coupled is coupled, not made twice', async () => {
    const { world, processor } = await setUp();
    const id = await activeQuote(pair, world, { name: 'Bikes', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    const number = String((await crmRow(pair.crm, 'quote', id))['quotenumber']);
    // What a run that stopped after creating the ERP quote leaves behind.
    await pair.host.container.resolve(SALES_QUOTE_SERVICE).createSalesQuote({ customerNo: 'C00001', yourReference: number, lines: [{ itemNo: 'I00001', quantity: 1 }] });

    const report = await processor.processQuotes();

    expect(report.quotes).toEqual([{ crmQuoteId: id, erpQuoteNo: 'SQ00001', action: 'coupled' }]);
    expect(await pair.erp().count(SalesHeaderSchema, {})).toBe(1);
    expect((await pair.host.state.findCoupling(SALES_QUOTE, 'integration', id))?.businessId).toBe('SQ00001');
  });

  it('a won quote whose ERP quote an order already names is archived and deleted by the next run', async () => {
    const { world } = await setUp();
    const id = await activeQuote(pair, world, { name: 'Bikes', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await pair.host.engine.run(SALES_QUOTE);
    await winQuote(pair, id);
    // An order that names the quote, made while the quote's archiving did not happen (e.g. it failed after the order).
    await pair.host.container.resolve(SALES_ORDER_SERVICE).createSalesOrder({ customerNo: 'C00001', quoteNo: 'SQ00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });

    await pair.host.engine.run(SALES_QUOTE);

    expect((await pair.erp().find(SalesHeaderSchema, {})).map((h) => [h.no, h.documentType])).toEqual([['SO00001', 'Order']]);
    expect((await new SalesDocumentArchiveService(pair.host.orm).getArchivedVersions('Quote', 'SQ00001')).map((v) => v.versionNo)).toEqual([1]);
    // The won quote stays processed: the next run does not make the ERP quote again.
    await pair.host.engine.run(SALES_QUOTE);
    expect(await pair.erp().count(SalesHeaderSchema, { documentType: 'Quote' })).toBe(0);
  });
});
