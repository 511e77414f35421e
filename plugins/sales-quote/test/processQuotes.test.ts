import { afterEach, describe, expect, it } from 'vitest';
import { SalesDocumentArchiveService, SalesHeaderArchiveSchema, SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_QUOTE } from '../src/index';
import { activeQuote, crmRow, draftQuote, reviseQuote, startQuotePair, type QuotePair } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

async function setUp(autoProcessSalesQuotes = true): Promise<QuotePair> {
  const started = await startQuotePair(autoProcessSalesQuotes);
  pair = started.pair;
  return started;
}

const quoteLines = async (no: string) =>
  (await pair.erp().find(SalesLineSchema, { documentType: 'Quote', documentNo: no }, { orderBy: { lineNo: 'asc' } }))
    .map((l) => [l.lineNo, l.no, l.quantity, l.unitPrice, l.lineDiscountPercent, l.amount, l.description]);

describe('activated CRM quotes (automatic, every run of SALESQUOTE-QUOTE)', () => {
  it('an activated quote becomes an ERP quote with its lines and mapped fields; drafts wait; a second run creates nothing', async () => {
    const { world } = await setUp();
    const active = await activeQuote(pair, world, {
      name: 'Bikes for the fleet', currency: world.eur, effectiveto: '2026-12-31',
      lines: [
        { product: world.product, quantity: 3, priceperunit: 90, manualdiscountamount: 27 },
        { productdescription: 'Gift wrap', quantity: 1, priceperunit: 5, description: 'Wrapped in red' },
      ],
    });
    await draftQuote(pair, world, { name: 'Still a draft', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    const quoteNumber = String((await crmRow(pair.crm, 'quote', active))['quotenumber']);

    const [job] = await pair.host.engine.run(SALES_QUOTE);

    const headers = await pair.erp().find(SalesHeaderSchema, {});
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatchObject({
      no: 'SQ00001', documentType: 'Quote', status: 'Open', sellToCustomerNo: 'C00001', currencyCode: 'EUR',
      externalDocumentNo: 'Bikes for the fleet', yourReference: quoteNumber, quoteValidUntilDate: '2026-12-31', amount: '248',
    });
    // 3 × 90 = 270 less 27 (10 %) = 243; the write-in line becomes the write-in item with the line's description.
    expect(await quoteLines('SQ00001')).toEqual([
      [10000, 'I00001', '3', '90', '10', '243', 'Bicycle'],
      [20000, 'WRITE-IN', '1', '5', '0', '5', 'Wrapped in red'],
    ]);
    expect((await pair.host.state.findCoupling(SALES_QUOTE, 'integration', active))?.businessId).toBe('SQ00001');
    const [stored] = (await pair.host.state.jobs(SALES_QUOTE)).filter((j) => j.id === job!.id);
    expect([stored!.inserted, stored!.failed]).toEqual([1, 0]);

    const [second] = await pair.host.engine.run(SALES_QUOTE);
    expect(await pair.erp().count(SalesHeaderSchema, {})).toBe(1);
    expect(await pair.erp().count(SalesLineSchema, {})).toBe(2);
    expect(await pair.erp().count(SalesHeaderArchiveSchema, {})).toBe(0);
    const [again] = (await pair.host.state.jobs(SALES_QUOTE)).filter((j) => j.id === second!.id);
    expect([again!.inserted, again!.modified, again!.failed]).toEqual([0, 0, 0]);
  });

  it('a quote to a contact is made for the contact\'s account, in the local currency when the quote has the base currency', async () => {
    const { world, processor } = await setUp(false);
    const id = await activeQuote(pair, world, { name: 'Helmets', customer: { table: 'contact', id: world.contact }, lines: [{ product: world.otherProduct, quantity: 2, priceperunit: 20 }] });
    // Option off: the run does nothing; on demand it does.
    await pair.host.engine.run(SALES_QUOTE);
    expect(await pair.erp().count(SalesHeaderSchema, {})).toBe(0);
    const { quote } = await processor.processQuote(id);
    expect(quote).toMatchObject({ crmQuoteId: id, erpQuoteNo: 'SQ00001', action: 'created' });
    expect(await pair.erp().findOneOrFail(SalesHeaderSchema, { no: 'SQ00001' })).toMatchObject({ sellToCustomerNo: 'C00002', currencyCode: null, quoteValidUntilDate: null });
    expect((await processor.processQuote(id)).quote.action).toBe('unchanged');
  });

  it('a revision archives the ERP quote as version 1 and updates it; the next revision archives version 2', async () => {
    const { world } = await setUp();
    const first = await activeQuote(pair, world, { name: 'Bikes', effectiveto: '2026-06-30', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await pair.host.engine.run(SALES_QUOTE);
    const second = await reviseQuote(pair, world, first, {
      name: 'Bikes and helmets', effectiveto: '2026-07-31',
      lines: [{ product: world.product, quantity: 2, priceperunit: 95 }, { product: world.otherProduct, quantity: 2, priceperunit: 20 }],
    });
    expect((await crmRow(pair.crm, 'quote', second))['revisionnumber']).toBe(1);

    const [job] = await pair.host.engine.run(SALES_QUOTE);

    expect(await pair.erp().find(SalesHeaderSchema, {})).toEqual([
      expect.objectContaining({ no: 'SQ00001', documentType: 'Quote', externalDocumentNo: 'Bikes and helmets', quoteValidUntilDate: '2026-07-31', amount: '230', docNoOccurrence: 1 }),
    ]);
    expect(await quoteLines('SQ00001')).toEqual([
      [10000, 'I00001', '2', '95', '0', '190', 'Bicycle'],
      [20000, 'I00002', '2', '20', '0', '40', 'Helmet'],
    ]);
    const archive = new SalesDocumentArchiveService(pair.host.orm);
    const v1 = await archive.getArchivedVersion('Quote', 'SQ00001', 1);
    expect(v1.header).toMatchObject({ externalDocumentNo: 'Bikes', quoteValidUntilDate: '2026-06-30', amount: '100' });
    expect(v1.lines.map((l) => [l.no, l.quantity])).toEqual([['I00001', '1']]);
    expect((await pair.host.state.findCoupling(SALES_QUOTE, 'business', 'SQ00001'))?.integrationId).toBe(second);
    const [stored] = (await pair.host.state.jobs(SALES_QUOTE)).filter((j) => j.id === job!.id);
    expect([stored!.inserted, stored!.modified]).toEqual([0, 1]);

    // Nothing more on the next run; a further revision is version 2.
    await pair.host.engine.run(SALES_QUOTE);
    expect((await archive.getArchivedVersions('Quote', 'SQ00001')).map((v) => v.versionNo)).toEqual([1]);
    await reviseQuote(pair, world, second, { name: 'Just helmets', lines: [{ product: world.otherProduct, quantity: 5, priceperunit: 18 }] });
    await pair.host.engine.run(SALES_QUOTE);
    expect((await archive.getArchivedVersions('Quote', 'SQ00001')).map((v) => [v.versionNo, v.externalDocumentNo])).toEqual([[1, 'Bikes'], [2, 'Bikes and helmets']]);
    expect(await quoteLines('SQ00001')).toEqual([[10000, 'I00002', '5', '18', '0', '90', 'Helmet']]);
  });
});
