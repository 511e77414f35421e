import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { ContactSchema } from '@tandem/erp';
import { CONTACT, type CompanyAccounts } from '@tandem/plugin-contact';
import { OPPORTUNITY, PLUGIN_NAME } from '../constants';
import { opportunityErrors } from '../errors';

/** The CRM opportunity's account lookup, by its read name. */
export const PARENT_ACCOUNT_FIELD = '_parentaccountid_value';

/**
 * ERP → CRM (reference §5.2: Contact No. → ParentContactId, Contact Company No. → ParentAccountId):
 * - A person contact must be coupled in CONTACT first, else the record fails with
 *   `TANDEM_OPPORTUNITY_CONTACT_NOT_COUPLED` (checked before the field transfer, which would otherwise clear the
 *   contact). A company as the opportunity's contact is not a CRM contact: `parentcontactid` stays empty.
 * - The account is the one coupled to the customer of the opportunity's company (Contact Company No., or the
 *   contact's company when it is blank), through `CompanyAccounts`; the contact plugin's codes tell what is missing.
 *   It is written only when it differs.
 */
export function contactAndAccountToCrm(hooks: SyncHooks, services: HostServices, accounts: CompanyAccounts): void {
  hooks.onBeforeTransform.for(OPPORTUNITY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, async (context) => {
    if (context.direction !== 'toIntegration') return;
    const contactNo = context.source.values.contactNo;
    if (isEmpty(contactNo)) return;
    const contact = await services.orm.em.fork().findOne(ContactSchema, { no: String(contactNo) }, { disableIdentityMap: true });
    if (contact?.type !== 'Person') return;
    const coupling = await services.state.findCoupling(CONTACT, 'business', String(contactNo));
    if (!coupling?.integrationId) throw opportunityErrors.personNotCoupled(context.source.id, String(contactNo));
  });
  hooks.onAfterTransform.for(OPPORTUNITY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
    if (context.direction !== 'toIntegration') return;
    let companyNo = context.source.values.contactCompanyNo;
    if (isEmpty(companyNo) && !isEmpty(context.source.values.contactNo)) {
      const contact = await services.orm.em.fork().findOne(ContactSchema, { no: String(context.source.values.contactNo) }, { disableIdentityMap: true });
      companyNo = contact?.companyNo ?? null;
    }
    if (isEmpty(companyNo)) return;
    const { accountId } = await accounts.accountOfCompany(String(companyNo), context.source.id);
    if (context.destination?.values[PARENT_ACCOUNT_FIELD] !== accountId) context.changes[PARENT_ACCOUNT_FIELD] = accountId;
  });
}
