import { TandemError, type ErrorClass } from '@tandem/core';

/** Stable codes of this plugin's rules (`TANDEM_SALES_QUOTE_*`); a code is never reused for another meaning. */
export const SalesQuoteErrorCodes = {
  QUOTE_NOT_FOUND: 'TANDEM_SALES_QUOTE_NOT_FOUND',
  NOT_ACTIVE: 'TANDEM_SALES_QUOTE_NOT_ACTIVE',
  NO_CUSTOMER: 'TANDEM_SALES_QUOTE_NO_CUSTOMER',
  CUSTOMER_NOT_COUPLED: 'TANDEM_SALES_QUOTE_CUSTOMER_NOT_COUPLED',
  CURRENCY_NOT_COUPLED: 'TANDEM_SALES_QUOTE_CURRENCY_NOT_COUPLED',
  PRODUCT_NOT_COUPLED: 'TANDEM_SALES_QUOTE_PRODUCT_NOT_COUPLED',
  WRITE_IN_ITEM_MISSING: 'TANDEM_SALES_QUOTE_WRITE_IN_ITEM_MISSING',
  NO_LINES: 'TANDEM_SALES_QUOTE_NO_LINES',
  /** The automatic job's code for a quote that failed with an error that has no code of its own. */
  FAILED: 'TANDEM_SALES_QUOTE_FAILED',
} as const;

export type SalesQuoteErrorCode = (typeof SalesQuoteErrorCodes)[keyof typeof SalesQuoteErrorCodes];

/** A broken sales-quote rule: a `TandemError` with a `TANDEM_SALES_QUOTE_*` code (class `validation` unless said otherwise). */
export class SalesQuoteError extends TandemError {
  declare readonly code: SalesQuoteErrorCode;

  constructor(code: SalesQuoteErrorCode, message: string, options: { errorClass?: ErrorClass; cause?: unknown } = {}) {
    super(code, message, { errorClass: options.errorClass ?? 'validation', ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.name = 'SalesQuoteError';
  }
}
