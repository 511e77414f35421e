import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { ContactSchema } from '@tandem/erp';
import { CONTACT, type CompanyAccounts } from '@tandem/plugin-contact';
import { OPPORTUNITY, PLUGIN_NAME } from '../constants';
import { opportunityErrors } from '../errors';
import { PARENT_ACCOUNT_FIELD } from './contactAndAccountToCrm';

/**
 * CRM → ERP, the way back of the one-way contact and account fields (an ERP opportunity needs its contact):
 * - `parentcontactid` → Contact No. through the CONTACT coupling (not coupled → `TANDEM_OPPORTUNITY_CONTACT_NOT_COUPLED`),
 *   and Contact Company No. from that contact's company;
 * - else `parentaccountid` → the company contact of the account's customer, as Contact No. and Contact Company No.
 *   (`CompanyAccounts`; an uncoupled account fails with `TANDEM_CONTACT_ACCOUNT_NOT_COUPLED`);
 * - neither: a new opportunity fails with `TANDEM_OPPORTUNITY_CONTACT_MISSING`; an existing one keeps its contact.
 * Values are written only when they differ.
 */
export function contactAndCompanyFromCrm(hooks: SyncHooks, services: HostServices, accounts: CompanyAccounts): void {
  hooks.onAfterTransform.for(OPPORTUNITY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
    if (context.direction !== 'fromIntegration') return;
    const crmContact = context.source.values._parentcontactid_value;
    const crmAccount = context.source.values[PARENT_ACCOUNT_FIELD];
    let contactNo: string;
    let companyNo: string | null;
    if (!isEmpty(crmContact)) {
      const coupling = await services.state.findCoupling(CONTACT, 'integration', String(crmContact).toLowerCase());
      if (!coupling?.businessId) throw opportunityErrors.crmContactNotCoupled(context.source.id, String(crmContact));
      contactNo = coupling.businessId;
      const contact = await services.orm.em.fork().findOne(ContactSchema, { no: contactNo }, { disableIdentityMap: true });
      companyNo = contact?.companyNo ?? null;
    } else if (!isEmpty(crmAccount)) {
      companyNo = (await accounts.companyOfAccount(String(crmAccount), context.source.id)).companyNo;
      contactNo = companyNo;
    } else {
      if (!context.destination) throw opportunityErrors.contactMissing(context.source.id);
      return;
    }
    const current = context.destination?.values ?? {};
    if (current.contactNo !== contactNo) context.changes.contactNo = contactNo;
    if ((current.contactCompanyNo ?? null) !== companyNo) context.changes.contactCompanyNo = companyNo;
  });
}
