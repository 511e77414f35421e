import { expect } from 'vitest';
import { SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { SALES_QUOTE, SalesQuotePlugin } from '@tandem/plugin-sales-quote';
import type { ScenarioEntry } from '../ScenarioEntry';

const QUOTE_ACTIVE = { statecode: 1, statuscode: 2 };

/**
 * SALESQUOTE-QUOTE ← quote ("Automatically Process Sales Quotes"): Casey's quote for the CRM-only account, activated
 * before the first run, becomes an ERP sales quote for the customer that account became, with its lines (write-in
 * lines: the products are made by the first run itself). A draft quote (the account view's) stays in the CRM.
 * Id remembered: `crmQuote`.
 */
export const salesQuote: ScenarioEntry = {
  plugin: SalesQuotePlugin.withOptions({ autoProcessSalesQuotes: true }),
  mappings: { [SALES_QUOTE]: { fromIntegration: { inserted: 1 } } },
  async seed(s) {
    const priceList = await s.crmInsert('pricelevel', { name: 'Summer quotes', transactioncurrencyid: s.pair.emulator.baseCurrencyId });
    const quote = await s.crmInsert('quote', {
      name: 'Summer offer', customerid: { table: 'account', id: s.id('crmOnlyAccount') }, pricelevelid: priceList, effectiveto: '2026-12-31', requestdeliveryby: '2026-07-01',
    }, 'crmQuote');
    await s.crmInsert('quotedetail', { quoteid: quote, isproductoverridden: true, productdescription: 'Site survey', quantity: 1, priceperunit: 120, ispriceoverridden: true, sequencenumber: 1 });
    await s.crmInsert('quotedetail', {
      quoteid: quote, isproductoverridden: true, productdescription: 'Panels', description: 'Panels, black frame', quantity: 10, priceperunit: 80, manualdiscountamount: 80, ispriceoverridden: true, sequencenumber: 2,
    });
    await s.crmUpdate('quote', quote, QUOTE_ACTIVE);
  },
  async checkFirstRun(s) {
    const crmQuote = await s.crmRow('quote', s.id('crmQuote'));
    const quoteNo = await s.erpIdOf(SALES_QUOTE, s.id('crmQuote'));
    expect(await s.erp().findOneOrFail(SalesHeaderSchema, { no: quoteNo, documentType: 'Quote' })).toMatchObject({
      sellToCustomerNo: await s.erpIdOf(CUSTOMER, s.id('crmOnlyAccount')), externalDocumentNo: 'Summer offer', yourReference: crmQuote.values.quotenumber,
      quoteValidUntilDate: '2026-12-31', requestedDeliveryDate: '2026-07-01', currencyCode: null, amount: '840',
    });
    // 10 × 80 less 80 (10 %) = 720; write-in lines are the write-in item with the line's description.
    const lines = await s.erp().find(SalesLineSchema, { documentType: 'Quote', documentNo: quoteNo }, { orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.no, l.description, l.quantity, l.unitPrice, l.lineDiscountPercent, l.amount])).toEqual([
      ['WRITE-IN', 'Site survey', '1', '120', '0', '120'],
      ['WRITE-IN', 'Panels, black frame', '10', '80', '10', '720'],
    ]);
    // Only the activated quote: the account view's draft quote made none.
    expect(await s.erp().count(SalesHeaderSchema, { documentType: 'Quote' })).toBe(1);
  },
};
