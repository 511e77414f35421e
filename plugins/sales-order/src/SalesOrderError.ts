import { TandemError, type ErrorClass } from '@tandem/core';

/** Stable codes of this plugin's rules (`TANDEM_SALES_ORDER_*`); a code is never reused for another meaning. */
export const SalesOrderErrorCodes = {
  ORDER_NOT_FOUND: 'TANDEM_SALES_ORDER_NOT_FOUND',
  NOT_SUBMITTED: 'TANDEM_SALES_ORDER_NOT_SUBMITTED',
  ALREADY_COUPLED: 'TANDEM_SALES_ORDER_ALREADY_COUPLED',
  NO_CUSTOMER: 'TANDEM_SALES_ORDER_NO_CUSTOMER',
  ACCOUNT_NOT_CUSTOMER: 'TANDEM_SALES_ORDER_ACCOUNT_NOT_CUSTOMER',
  CUSTOMER_NOT_COUPLED: 'TANDEM_SALES_ORDER_CUSTOMER_NOT_COUPLED',
  CURRENCY_NOT_COUPLED: 'TANDEM_SALES_ORDER_CURRENCY_NOT_COUPLED',
  PRODUCT_NOT_COUPLED: 'TANDEM_SALES_ORDER_PRODUCT_NOT_COUPLED',
  WRITE_IN_ITEM_MISSING: 'TANDEM_SALES_ORDER_WRITE_IN_ITEM_MISSING',
  CRM_WRITE_FAILED: 'TANDEM_SALES_ORDER_CRM_WRITE_FAILED',
  /** Bidirectional mode: an archived order's version is missing from the ERP archive (the archived-orders job). */
  ARCHIVE_MISSING: 'TANDEM_SALES_ORDER_ARCHIVE_MISSING',
  /** Both `autoCreateSalesOrders` and `bidirectionalSalesOrders` are on (a configuration error at boot). */
  MODES_EXCLUSIVE: 'TANDEM_SALES_ORDER_MODES_EXCLUSIVE',
  /** Bidirectional mode: a CRM order line the ERP cannot take (quantity, price, discount). */
  LINE_INVALID: 'TANDEM_SALES_ORDER_LINE_INVALID',
  /** The automatic job's code for an order that failed with an error that has no code of its own. */
  FAILED: 'TANDEM_SALES_ORDER_FAILED',
} as const;

export type SalesOrderErrorCode = (typeof SalesOrderErrorCodes)[keyof typeof SalesOrderErrorCodes];

/** A broken sales-order rule: a `TandemError` with a `TANDEM_SALES_ORDER_*` code (class `validation` unless said otherwise). */
export class SalesOrderError extends TandemError {
  declare readonly code: SalesOrderErrorCode;

  constructor(code: SalesOrderErrorCode, message: string, options: { errorClass?: ErrorClass; cause?: unknown } = {}) {
    super(code, message, { errorClass: options.errorClass ?? 'validation', ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.name = 'SalesOrderError';
  }
}
