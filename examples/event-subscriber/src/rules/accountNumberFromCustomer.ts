import { SyncStage, type SyncHooks } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';

/**
 * Enrichment: the account's "Account Number" (`accountnumber`, not mapped by the plugin) carries the ERP customer
 * number, so CRM users can quote it. Written when an account is created and whenever it differs.
 */
export function accountNumberFromCustomer(hooks: SyncHooks, tap: string): void {
  hooks.onAfterTransform.for(CUSTOMER).tap({ name: tap, stage: SyncStage.ENRICH }, (ctx) => {
    if (ctx.direction !== 'toIntegration') return;
    const customerNo = String(ctx.source.id);
    if (ctx.destination?.values.accountnumber !== customerNo) ctx.changes.accountnumber = customerNo;
  });
}
