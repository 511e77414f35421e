import { afterEach, describe, expect, it } from 'vitest';
import { SalesDocumentArchiveService, SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import { SALES_ORDER, SALES_ORDER_TRANSFER } from '@tandem/plugin-sales-order';
import type { TestPair } from '@tandem/testing';
import { SALES_QUOTE } from '../src/index';
import { activeQuote, crmRow, crmUpdate, orderFromQuote, startQuotePair, winQuote, type QuotePair } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

async function setUp(): Promise<QuotePair> {
  const started = await startQuotePair();
  pair = started.pair;
  return started;
}

const headers = async () =>
  (await pair.erp().find(SalesHeaderSchema, {}, { orderBy: { no: 'asc' } })).map((h) => [h.no, h.documentType, h.quoteNo ?? null]);

describe('won quotes', () => {
  it('a won quote whose CRM order is submitted becomes an ERP order with Quote No.; the quote is archived and deleted', async () => {
    const { world } = await setUp();
    const quote = await activeQuote(pair, world, { name: 'Bikes', lines: [{ product: world.product, quantity: 2, priceperunit: 90 }] });
    await pair.host.engine.run(SALES_QUOTE);
    await winQuote(pair, quote);
    const order = await orderFromQuote(pair, world, quote, { lines: [{ product: world.product, quantity: 2, priceperunit: 90 }] });

    const [job] = await pair.host.engine.run(SALES_QUOTE);

    expect(await headers()).toEqual([['SO00001', 'Order', 'SQ00001']]);
    expect(await pair.erp().count(SalesLineSchema, { documentType: 'Quote' })).toBe(0);
    const versions = await new SalesDocumentArchiveService(pair.host.orm).getArchivedVersions('Quote', 'SQ00001');
    expect(versions.map((v) => [v.versionNo, v.externalDocumentNo])).toEqual([[1, 'Bikes']]);
    // The order went through the sales-order transfer: coupled and marked transferred in the CRM.
    expect((await pair.host.state.findCoupling(SALES_ORDER, 'integration', order))?.businessId).toBe('SO00001');
    expect((await crmRow(pair.crm, 'salesorder', order))['lastbackofficesubmit']).not.toBeNull();
    expect((await pair.host.state.errors(SALES_QUOTE, { jobId: job!.id }))).toEqual([]);

    // Processed for good: the next run neither re-creates the quote nor makes another order.
    await pair.host.engine.run(SALES_QUOTE);
    expect(await headers()).toEqual([['SO00001', 'Order', 'SQ00001']]);
  });

  it('a won quote without a submitted CRM order gets no ERP order, until the order is submitted', async () => {
    const { world } = await setUp();
    const quote = await activeQuote(pair, world, { name: 'Bikes', lines: [{ product: world.product, quantity: 1, priceperunit: 100 }] });
    await winQuote(pair, quote);
    const order = await orderFromQuote(pair, world, quote, { submit: false });

    await pair.host.engine.run(SALES_QUOTE);
    // Never seen active: the won quote still becomes an ERP quote, but no order yet.
    expect(await headers()).toEqual([['SQ00001', 'Quote', null]]);

    await crmUpdate(pair.crm, 'salesorder', order, { statecode: 1 });
    await pair.host.engine.run(SALES_QUOTE);
    expect(await headers()).toEqual([['SO00001', 'Order', 'SQ00001']]);
  });

  it('an order from a quote transferred by the sales-order plugin on demand gets Quote No. and archives the quote too', async () => {
    const { world } = await setUp();
    const quote = await activeQuote(pair, world, { name: 'Helmets', lines: [{ product: world.otherProduct, quantity: 4, priceperunit: 20 }] });
    await pair.host.engine.run(SALES_QUOTE);
    await winQuote(pair, quote);
    const order = await orderFromQuote(pair, world, quote);
    // An order without a quote is left alone by the quote taps.
    const plain = await orderFromQuote(pair, world, quote);
    await crmUpdate(pair.crm, 'salesorder', plain, { quoteid: null });

    const transfer = pair.host.container.resolve(SALES_ORDER_TRANSFER);
    expect((await transfer.createFromCrm(order)).erpOrderNo).toBe('SO00001');
    expect((await transfer.createFromCrm(plain)).erpOrderNo).toBe('SO00002');

    expect(await headers()).toEqual([['SO00001', 'Order', 'SQ00001'], ['SO00002', 'Order', null]]);
    expect((await new SalesDocumentArchiveService(pair.host.orm).getArchivedVersions('Quote', 'SQ00001'))).toHaveLength(1);
  });
});
