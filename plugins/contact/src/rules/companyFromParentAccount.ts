import { SyncStage, isEmpty, type SyncHooks } from '@tandem/core';
import { personName } from '@tandem/erp';
import type { CompanyAccounts } from '../CompanyAccounts';
import { CONTACT, PLUGIN_NAME } from '../constants';
import { PARENT_CUSTOMER_FIELD } from './parentAccountFromCompany';

/**
 * BC rules (reference §5.1 CONTACT and §8 Dataverse Contact → Contact), CRM → ERP:
 * - Only contacts whose parent customer is an **account** take part (BC's filter ParentCustomerIdType = account): a
 *   contact under another contact is ignored (not counted). The Web API cannot filter on the parent's type, so this
 *   is a post-filter: a parent coupled in CUSTOMER is an account at once; any other parent costs one CRM lookup.
 * - The ERP contact's company comes from the parent account: account → CUSTOMER coupling → customer → its company
 *   contact. An account that is not coupled fails with `TANDEM_CONTACT_ACCOUNT_NOT_COUPLED`; a customer without a
 *   company contact with `TANDEM_CONTACT_COMPANY_NOT_FOUND` (BC: "the company does not exist"). Moving the contact to
 *   another account in the CRM moves it to that company in the ERP.
 * - The ERP's Name and Company Name follow (NAV computes Name from first, middle and surname).
 */
export function companyFromParentAccount(hooks: SyncHooks, accounts: CompanyAccounts): void {
  hooks.onQueryPostFilter.for(CONTACT).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, async (context) => {
    if (context.direction !== 'fromIntegration') return undefined;
    const parent = context.source.values[PARENT_CUSTOMER_FIELD];
    if (isEmpty(parent)) return true;
    return (await accounts.isAccount(String(parent))) ? undefined : true;
  });
  hooks.onAfterTransform.for(CONTACT).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
    if (context.direction !== 'fromIntegration') return;
    const company = await accounts.companyOfAccount(String(context.source.values[PARENT_CUSTOMER_FIELD]), context.source.id);
    const current = context.destination?.values ?? {};
    if (current.companyNo !== company.companyNo) context.changes.companyNo = company.companyNo;
    if (current.companyName !== company.companyName) context.changes.companyName = company.companyName;
    const merged = { ...current, ...context.changes } as Record<string, string | null>;
    const name = (personName(merged) || String(context.source.values.fullname ?? '')).slice(0, 100);
    if (current.name !== name) context.changes.name = name;
  });
}
