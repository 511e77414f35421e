import { TandemError } from '@tandem/core';

/** Stable codes of this plugin. */
export const ContactErrorCodes = {
  COMPANY_NOT_FOUND: 'TANDEM_CONTACT_COMPANY_NOT_FOUND',
  COMPANY_NOT_CUSTOMER: 'TANDEM_CONTACT_COMPANY_NOT_CUSTOMER',
  CUSTOMER_NOT_COUPLED: 'TANDEM_CONTACT_CUSTOMER_NOT_COUPLED',
  ACCOUNT_NOT_COUPLED: 'TANDEM_CONTACT_ACCOUNT_NOT_COUPLED',
  NUMBER_SERIES_MISSING: 'TANDEM_CONTACT_NUMBER_SERIES_MISSING',
  PRIMARY_CONTACT_NOT_SET: 'TANDEM_CONTACT_PRIMARY_CONTACT_NOT_SET',
} as const;

const C = ContactErrorCodes;

/**
 * Message factories. A tap's error reaches the job's error log wrapped in core's `TANDEM_HOOK_FAILED`, so each
 * message starts with its own code. All are class `validation`: retried on the next run, parked when they fail the
 * same way twice (fix the data, then `host.engine.restore('CONTACT')`).
 */
export const contactErrors = {
  /** Logged, not raised: the primary-contact fix after a contact insert could not write the account. */
  primaryContactNotSet: (customerNo: string, reason: string) =>
    new TandemError(
      C.PRIMARY_CONTACT_NOT_SET,
      `${C.PRIMARY_CONTACT_NOT_SET}: the account of customer ${customerNo} did not take its primary contact after the contact was created in the CRM: ${reason}. ` +
        'The next change of the customer sets it through the CUSTOMER mapping.',
      { errorClass: 'validation' },
    ),
  /** BC: 'The contact cannot be created because the company does not exist.' (ERP side: the company no. is unknown.) */
  companyNotFound: (contactNo: string, companyNo: string) =>
    new TandemError(
      C.COMPANY_NOT_FOUND,
      `${C.COMPANY_NOT_FOUND}: contact ${contactNo} belongs to company "${companyNo}", which does not exist as a company contact in the ERP. ` +
        'Create the company contact or correct the contact\'s Company No.',
      { errorClass: 'validation' },
    ),
  /** BC: 'The contact cannot be created because the company does not exist.' (CRM side: the customer has no company contact.) */
  customerHasNoCompany: (accountId: string, customerNo: string) =>
    new TandemError(
      C.COMPANY_NOT_FOUND,
      `${C.COMPANY_NOT_FOUND}: the contact cannot be created because the company does not exist: account ${accountId} is coupled to ` +
        `customer ${customerNo}, which has no company contact (no contact business relation to the customer). Create the customer's company contact first.`,
      { errorClass: 'validation' },
    ),
  companyNotCustomer: (contactNo: string, companyNo: string) =>
    new TandemError(
      C.COMPANY_NOT_CUSTOMER,
      `${C.COMPANY_NOT_CUSTOMER}: contact ${contactNo} belongs to company "${companyNo}", which has no business relation to a customer, ` +
        'so there is no CRM account to put the contact under. Link the company contact to its customer (Contact Business Relation).',
      { errorClass: 'validation' },
    ),
  customerNotCoupled: (contactNo: string, companyNo: string, customerNo: string) =>
    new TandemError(
      C.CUSTOMER_NOT_COUPLED,
      `${C.CUSTOMER_NOT_COUPLED}: contact ${contactNo} belongs to company "${companyNo}" (customer ${customerNo}), and customer ${customerNo} ` +
        'is not coupled to a CRM account. Synchronize the customer (mapping "CUSTOMER") first, then run CONTACT again.',
      { errorClass: 'validation' },
    ),
  accountNotCoupled: (contactId: string, accountId: string) =>
    new TandemError(
      C.ACCOUNT_NOT_COUPLED,
      `${C.ACCOUNT_NOT_COUPLED}: CRM contact ${contactId} belongs to account ${accountId}, which is not coupled to an ERP customer, so the ` +
        'contact has no company in the ERP. Couple or synchronize the account (mapping "CUSTOMER") first.',
      { errorClass: 'validation' },
    ),
  numberSeriesMissing: (detail: string) =>
    new TandemError(
      C.NUMBER_SERIES_MISSING,
      `${C.NUMBER_SERIES_MISSING}: a new contact from a CRM contact needs a number, but ${detail}. Fill in ErpSetup.contactNos with an existing number series.`,
      { errorClass: 'validation' },
    ),
};
