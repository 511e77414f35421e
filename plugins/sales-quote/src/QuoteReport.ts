import type { ErrorClass } from '@tandem/core';

/** What processing did with one CRM quote's ERP quote. */
export interface QuoteResult {
  crmQuoteId: string;
  erpQuoteNo: string;
  /**
   * `created`: a new ERP quote; `revised`: the ERP quote of an earlier revision was archived (version
   * `archivedVersionNo`) and updated; `coupled`: an ERP quote with this Your Reference existed but was not coupled
   * (an interrupted earlier run), so it was only coupled; `unchanged`: already processed.
   */
  action: 'created' | 'revised' | 'coupled' | 'unchanged';
  archivedVersionNo?: number;
}

/** An ERP order made from the submitted CRM order of a won quote. */
export interface QuoteOrderResult {
  crmQuoteId: string;
  crmOrderId: string;
  erpOrderNo: string;
}

/** One quote (or the order of a won quote) that could not be processed. */
export interface QuoteFailure {
  crmQuoteId: string;
  /** Set when the failure is the transfer of the quote's CRM order. */
  crmOrderId?: string;
  /** `quotenumber rev n "name"`. */
  quote: string;
  code: string;
  message: string;
  errorClass: ErrorClass;
}

/** What one pass did: each quote is processed or failed on its own. */
export interface QuoteReport {
  quotes: QuoteResult[];
  orders: QuoteOrderResult[];
  failed: QuoteFailure[];
}
