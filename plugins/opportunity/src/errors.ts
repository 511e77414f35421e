import { TandemError } from '@tandem/core';

/** Stable codes of this plugin. */
export const OpportunityErrorCodes = {
  CONTACT_NOT_COUPLED: 'TANDEM_OPPORTUNITY_CONTACT_NOT_COUPLED',
  CONTACT_MISSING: 'TANDEM_OPPORTUNITY_CONTACT_MISSING',
  NUMBER_SERIES_MISSING: 'TANDEM_OPPORTUNITY_NUMBER_SERIES_MISSING',
} as const;

const C = OpportunityErrorCodes;

/** Message factories; each message starts with its code (a tap's error reaches the log wrapped by core). Class `validation`. */
export const opportunityErrors = {
  personNotCoupled: (opportunityNo: string, contactNo: string) =>
    new TandemError(
      C.CONTACT_NOT_COUPLED,
      `${C.CONTACT_NOT_COUPLED}: opportunity ${opportunityNo} is for contact ${contactNo}, a person who is not coupled to a CRM contact. ` +
        'Synchronize the contact (mapping "CONTACT") first, then run OPPORTUNITY again.',
      { errorClass: 'validation' },
    ),
  crmContactNotCoupled: (opportunityId: string, crmContactId: string) =>
    new TandemError(
      C.CONTACT_NOT_COUPLED,
      `${C.CONTACT_NOT_COUPLED}: CRM opportunity ${opportunityId} is for contact ${crmContactId}, which is not coupled to an ERP contact. ` +
        'Synchronize the contact (mapping "CONTACT") first.',
      { errorClass: 'validation' },
    ),
  contactMissing: (opportunityId: string) =>
    new TandemError(
      C.CONTACT_MISSING,
      `${C.CONTACT_MISSING}: CRM opportunity ${opportunityId} has neither a contact nor an account, and an ERP opportunity needs a contact. ` +
        'Fill in its contact or account.',
      { errorClass: 'validation' },
    ),
  numberSeriesMissing: (detail: string) =>
    new TandemError(
      C.NUMBER_SERIES_MISSING,
      `${C.NUMBER_SERIES_MISSING}: a new opportunity from the CRM needs a number, but ${detail}. Fill in ErpSetup.opportunityNos with an existing number series.`,
      { errorClass: 'validation' },
    ),
};
