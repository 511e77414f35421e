import { SyncStage, type SyncHooks } from '@tandem/core';
import type { CompanyAccounts } from '../CompanyAccounts';
import { CONTACT, PLUGIN_NAME } from '../constants';

/** The CRM contact's parent customer lookup, by its read name. */
export const PARENT_CUSTOMER_FIELD = '_parentcustomerid_value';

/**
 * BC rule (reference §5.1 CONTACT): the CRM contact's ParentCustomerId is the coupled account of the contact's
 * company. The company contact's business relation names its customer, and the customer's CUSTOMER coupling names the
 * account. The lookup is written bound to `account` (BC's constant ParentCustomerIdType = account), and only when it
 * differs from the contact's current parent, so an unchanged contact writes nothing. A company that does not exist,
 * is not a customer, or whose customer is not coupled fails the record with its own code.
 */
export function parentAccountFromCompany(hooks: SyncHooks, accounts: CompanyAccounts): void {
  hooks.onAfterTransform.for(CONTACT).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
    if (context.direction !== 'toIntegration') return;
    const { accountId } = await accounts.accountOfCompany(String(context.source.values.companyNo), context.source.id);
    if (context.destination?.values[PARENT_CUSTOMER_FIELD] !== accountId) context.changes[PARENT_CUSTOMER_FIELD] = { table: 'account', id: accountId };
  });
}
