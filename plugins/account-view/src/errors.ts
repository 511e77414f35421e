import { TandemError } from '@tandem/core';

/** Stable codes of this plugin. */
export const AccountViewErrorCodes = {
  CUSTOMER_NOT_FOUND: 'TANDEM_ACCOUNT_VIEW_CUSTOMER_NOT_FOUND',
  NOT_COUPLED: 'TANDEM_ACCOUNT_VIEW_NOT_COUPLED',
  ACCOUNT_MISSING: 'TANDEM_ACCOUNT_VIEW_ACCOUNT_MISSING',
  LIMIT_INVALID: 'TANDEM_ACCOUNT_VIEW_LIMIT_INVALID',
} as const;

const C = AccountViewErrorCodes;

export const accountViewErrors = {
  customerNotFound: (customerNo: string) =>
    new TandemError(C.CUSTOMER_NOT_FOUND, `${C.CUSTOMER_NOT_FOUND}: customer "${customerNo}" does not exist in the ERP. Give an existing customer no.`, { errorClass: 'validation' }),
  notCoupled: (customerNo: string, mapping: string) =>
    new TandemError(
      C.NOT_COUPLED,
      `${C.NOT_COUPLED}: customer ${customerNo} is not coupled to a CRM account, so there is no account to show. ` +
        `Couple or synchronize it first (mapping "${mapping}").`,
      { errorClass: 'validation' },
    ),
  accountMissing: (customerNo: string, accountId: string) =>
    new TandemError(
      C.ACCOUNT_MISSING,
      `${C.ACCOUNT_MISSING}: customer ${customerNo} is coupled to CRM account ${accountId}, which no longer exists. ` +
        'Uncouple the customer and couple it to the right account.',
      { errorClass: 'conflict' },
    ),
  limitInvalid: (limit: unknown) =>
    new TandemError(C.LIMIT_INVALID, `${C.LIMIT_INVALID}: limit ${String(limit)} is not valid: give a whole number from 0 to 5000.`, { errorClass: 'validation' }),
};
