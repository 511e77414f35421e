import type { Filter } from '@tandem/core';

/** What a host can set on `SalesQuotePlugin.withOptions(...)`. */
export interface SalesQuotePluginOptions {
  /**
   * The seed's "Automatically Process Sales Quotes": every run of SALESQUOTE-QUOTE (every 30 minutes, and
   * `runAutomatic()`) turns activated CRM quotes into ERP sales quotes, revises them, and makes orders of won quotes
   * whose CRM order is submitted. Default `false`: quotes are processed on demand only (`processQuote`).
   */
  autoProcessSalesQuotes?: boolean;
  /**
   * More conditions on the CRM quotes the automatic job takes (a core `Filter` on `quote`, and-ed to "state Active or
   * Won"), e.g. `{ _ownerid_value: '…' }`. Default none. On-demand processing ignores it.
   */
  quoteFilter?: Filter;
}
