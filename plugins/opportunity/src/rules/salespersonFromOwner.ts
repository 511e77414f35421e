import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import { OPPORTUNITY, PLUGIN_NAME } from '../constants';

/**
 * Seed rule: "The Salesperson Code value defines the owner" — the field goes ERP → CRM. The way back: an owner that
 * is a CRM user coupled to a salesperson gives the ERP opportunity that salesperson; any other owner leaves it.
 */
export function salespersonFromOwner(hooks: SyncHooks, services: HostServices): void {
  hooks.onAfterTransform.for(OPPORTUNITY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, async (context) => {
    if (context.direction !== 'fromIntegration') return;
    const owner = context.source.values._ownerid_value;
    if (isEmpty(owner)) return;
    const code = (await services.state.findCoupling(SALESPEOPLE, 'integration', String(owner).toLowerCase()))?.businessId;
    if (code && context.destination?.values.salespersonCode !== code) context.changes.salespersonCode = code;
  });
}
