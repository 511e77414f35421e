import { TandemError } from '@tandem/core';

/** Stable codes of this plugin. */
export const CustomerAccountErrorCodes = {
  SALESPERSON_NOT_COUPLED: 'TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED',
  NUMBER_SERIES_MISSING: 'TANDEM_CUSTOMER_NUMBER_SERIES_MISSING',
} as const;

const C = CustomerAccountErrorCodes;

/**
 * Message factories. A tap's error reaches the job's error log wrapped in core's `TANDEM_HOOK_FAILED`, so each
 * message starts with its own code: the stored message still names it.
 */
export const customerAccountErrors = {
  /** BC: 'Salesperson/Purchaser %1 must be coupled to a Dataverse row.' */
  salespersonNotCoupled: (customerNo: string, salespersonCode: string, salespeopleMapping: string) =>
    new TandemError(
      C.SALESPERSON_NOT_COUPLED,
      `${C.SALESPERSON_NOT_COUPLED}: customer ${customerNo} has salesperson "${salespersonCode}", which is not coupled to a ` +
        `CRM user, so the account would have no owner. Couple the salesperson (mapping "${salespeopleMapping}") and run again, ` +
        `or give the customer a coupled salesperson.`,
      { errorClass: 'validation' },
    ),
  numberSeriesMissing: (detail: string) =>
    new TandemError(
      C.NUMBER_SERIES_MISSING,
      `${C.NUMBER_SERIES_MISSING}: a new customer from a CRM account needs a number, but ${detail}. ` +
        `Fill in ErpSetup.customerNos with an existing number series.`,
      { errorClass: 'validation' },
    ),
};
