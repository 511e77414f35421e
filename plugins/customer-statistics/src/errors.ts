import { TandemError } from '@tandem/core';

/** Stable codes of this plugin. */
export const CustomerStatisticsErrorCodes = {
  CUSTOMER_NOT_FOUND: 'TANDEM_CUSTOMER_STATISTICS_CUSTOMER_NOT_FOUND',
  NOT_COUPLED: 'TANDEM_CUSTOMER_STATISTICS_NOT_COUPLED',
  ACCOUNT_MISSING: 'TANDEM_CUSTOMER_STATISTICS_ACCOUNT_MISSING',
  CURRENCY_INVALID: 'TANDEM_CUSTOMER_STATISTICS_CURRENCY_INVALID',
  ORDER_INVALID: 'TANDEM_CUSTOMER_STATISTICS_ORDER_INVALID',
  CRM_WRITE_FAILED: 'TANDEM_CUSTOMER_STATISTICS_CRM_WRITE_FAILED',
  OPTIONS_INVALID: 'TANDEM_CUSTOMER_STATISTICS_OPTIONS_INVALID',
} as const;

const C = CustomerStatisticsErrorCodes;

export const customerStatisticsErrors = {
  customerNotFound: (customerNo: string) =>
    new TandemError(C.CUSTOMER_NOT_FOUND, `${C.CUSTOMER_NOT_FOUND}: customer "${customerNo}" does not exist in the ERP. Give an existing customer no.`, { errorClass: 'validation' }),
  notCoupled: (customerNo: string, mapping: string) =>
    new TandemError(
      C.NOT_COUPLED,
      `${C.NOT_COUPLED}: customer ${customerNo} is not coupled to a CRM account (or its coupling is skipped), so its statistics have nowhere to go. ` +
        `Couple or synchronize it first (mapping "${mapping}"), or restore a skipped coupling.`,
      { errorClass: 'validation' },
    ),
  accountMissing: (customerNo: string, accountId: string) =>
    new TandemError(
      C.ACCOUNT_MISSING,
      `${C.ACCOUNT_MISSING}: customer ${customerNo} is coupled to CRM account ${accountId}, which no longer exists, so no statistics can be linked to it. ` +
        'Uncouple the customer, or couple it to the right account.',
      { errorClass: 'conflict' },
    ),
  currencyInvalid: (customerNo: string, currencyCode: string) =>
    new TandemError(
      C.CURRENCY_INVALID,
      `${C.CURRENCY_INVALID}: customer ${customerNo} has currency code "${currencyCode}", which is not a currency of the ERP, so its amounts cannot be ` +
        'stated in the local currency. Fix the customer\'s currency code (blank for the local currency) or create the currency.',
      { errorClass: 'validation' },
    ),
  orderInvalid: (customerNo: string, orderNo: string, factor: string) =>
    new TandemError(
      C.ORDER_INVALID,
      `${C.ORDER_INVALID}: sales order ${orderNo} of customer ${customerNo} has currency factor "${factor}"; it must be greater than 0 to state the ` +
        'order in the local currency. Fix the order\'s currency factor.',
      { errorClass: 'validation' },
    ),
  crmWriteFailed: (customerNo: string, what: string, cause: Error) =>
    new TandemError(C.CRM_WRITE_FAILED, `${C.CRM_WRITE_FAILED}: customer ${customerNo}: writing ${what} in the CRM failed: ${cause.message}`, {
      errorClass: (cause as { errorClass?: 'transient' }).errorClass ?? 'permanent',
      cause,
    }),
  optionsInvalid: (problem: string) =>
    new TandemError(C.OPTIONS_INVALID, `${C.OPTIONS_INVALID}: ${problem}`, { errorClass: 'validation' }),
};
