import { SyncStage, type SyncHooks } from '@tandem/core';
import { ACCOUNT_INACTIVE, CUSTOMER, PLUGIN_NAME } from '../constants';

/** The ERP's Blocked value a deactivated account gives its customer. */
export const BLOCKED_ALL = 'All';

/**
 * BC rule (reference §8, Account → Customer): when an account becomes Inactive, its customer is blocked 'All'.
 *
 * BC's CRM filter says "status Active", but an account filtered out is never read, so its deactivation could never
 * reach the ERP. The mapping's integration filter therefore reads Active and Inactive accounts, and this rule keeps
 * the meaning of "status Active":
 * - an Inactive account that is **not coupled** is ignored (not counted): no customer is made from it;
 * - an Inactive account that **is coupled** is synchronized, and its customer gets `blocked = 'All'` (unless it
 *   already has it). Once blocked, the customer leaves the ERP filter (not blocked), so nothing flows to the account
 *   any more. Reactivating the account does not unblock the customer: that is the ERP's decision, as in BC.
 */
export function inactiveAccountBlocksCustomer(hooks: SyncHooks): void {
  hooks.onQueryPostFilter.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, (context) => {
    if (context.direction !== 'fromIntegration') return undefined;
    const inactive = Number(context.source.values.statecode) === ACCOUNT_INACTIVE;
    return inactive && !context.coupling?.businessId ? true : undefined;
  });
  hooks.onAfterTransform.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, (context) => {
    if (context.direction !== 'fromIntegration') return;
    if (Number(context.source.values.statecode) !== ACCOUNT_INACTIVE) return;
    if (context.destination?.values.blocked !== BLOCKED_ALL) context.changes.blocked = BLOCKED_ALL;
  });
}
