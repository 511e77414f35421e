import { TandemError, type ErrorClass } from '@tandem/core';

/** Stable codes of the ERP's own rules, in the `TANDEM_ERP_` family; a code is never reused for another meaning. */
export const ErpErrorCodes = {
  SETUP_MISSING: 'TANDEM_ERP_SETUP_MISSING',
  NO_SERIES_NOT_FOUND: 'TANDEM_ERP_NO_SERIES_NOT_FOUND',
  NO_SERIES_INVALID: 'TANDEM_ERP_NO_SERIES_INVALID',
  NO_SERIES_CONFLICT: 'TANDEM_ERP_NO_SERIES_CONFLICT',
  CUSTOMER_NOT_FOUND: 'TANDEM_ERP_CUSTOMER_NOT_FOUND',
  CUSTOMER_BLOCKED: 'TANDEM_ERP_CUSTOMER_BLOCKED',
  ITEM_NOT_FOUND: 'TANDEM_ERP_ITEM_NOT_FOUND',
  ITEM_BLOCKED: 'TANDEM_ERP_ITEM_BLOCKED',
  WRITE_IN_ITEM_MISSING: 'TANDEM_ERP_WRITE_IN_ITEM_MISSING',
  CURRENCY_NOT_FOUND: 'TANDEM_ERP_CURRENCY_NOT_FOUND',
  EXCHANGE_RATE_MISSING: 'TANDEM_ERP_EXCHANGE_RATE_MISSING',
  CODE_NOT_FOUND: 'TANDEM_ERP_CODE_NOT_FOUND',
  VALUE_INVALID: 'TANDEM_ERP_VALUE_INVALID',
  QUANTITY_NOT_POSITIVE: 'TANDEM_ERP_QUANTITY_NOT_POSITIVE',
  ORDER_NOT_FOUND: 'TANDEM_ERP_ORDER_NOT_FOUND',
  ORDER_EXISTS: 'TANDEM_ERP_ORDER_EXISTS',
  ORDER_NOT_OPEN: 'TANDEM_ERP_ORDER_NOT_OPEN',
  ORDER_NOT_RELEASED: 'TANDEM_ERP_ORDER_NOT_RELEASED',
  ORDER_HAS_NO_LINES: 'TANDEM_ERP_ORDER_HAS_NO_LINES',
  DOCUMENT_NOT_FOUND: 'TANDEM_ERP_DOCUMENT_NOT_FOUND',
  DOCUMENT_TYPE_INVALID: 'TANDEM_ERP_DOCUMENT_TYPE_INVALID',
  ARCHIVE_VERSION_NOT_FOUND: 'TANDEM_ERP_ARCHIVE_VERSION_NOT_FOUND',
  NO_OPEN_ENTRY: 'TANDEM_ERP_NO_OPEN_ENTRY',
} as const;

export type ErpErrorCode = (typeof ErpErrorCodes)[keyof typeof ErpErrorCodes];

/**
 * A broken ERP rule: a `TandemError` with a stable `TANDEM_ERP_*` code and an error class (`validation` unless said
 * otherwise), so `classifyError` understands it when a sync hook throws one; the message says what to do.
 */
export class ErpError extends TandemError {
  declare readonly code: ErpErrorCode;

  constructor(code: ErpErrorCode, message: string, options: { errorClass?: ErrorClass; cause?: unknown } = {}) {
    super(code, message, { errorClass: options.errorClass ?? 'validation', ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.name = 'ErpError';
  }
}
