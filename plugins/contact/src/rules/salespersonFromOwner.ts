import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import { CONTACT, PLUGIN_NAME } from '../constants';

/**
 * The way back of the one-way owner field (reference §8: the salesperson comes from the owner): when the CRM
 * contact's owner is a user coupled to a salesperson, and that differs from the ERP contact's, the contact gets it.
 * An owner that is not coupled (a team, the integration user) leaves the salesperson as it is.
 */
export function salespersonFromOwner(hooks: SyncHooks, services: HostServices): void {
  hooks.onAfterTransform.for(CONTACT).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, async (context) => {
    if (context.direction !== 'fromIntegration') return;
    const owner = context.source.values._ownerid_value;
    if (isEmpty(owner)) return;
    const code = (await services.state.findCoupling(SALESPEOPLE, 'integration', String(owner).toLowerCase()))?.businessId;
    if (code && context.destination?.values.salespersonCode !== code) context.changes.salespersonCode = code;
  });
}
