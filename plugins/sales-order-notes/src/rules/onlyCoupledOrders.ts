import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { SALES_ORDER } from '@tandem/plugin-sales-order';
import { PLUGIN_NAME, SALES_ORDER_NOTES } from '../constants';

/**
 * Only notes of orders coupled in SALESORDER-ORDER take part: a note of an ERP order that never came from the CRM
 * (or a CRM order not yet transferred) is ignored, not counted and not failed — it has no counterpart to go to. Once
 * the order is transferred, the next run picks its notes up (the note's own row did not change, so a full sync or
 * an edit of the note is needed for notes older than the transfer: see the README).
 */
export function onlyCoupledOrders(hooks: SyncHooks, services: HostServices): void {
  hooks.onQueryPostFilter.for(SALES_ORDER_NOTES).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, async (context) => {
    if (context.coupling?.businessId && context.coupling.integrationId) return undefined;
    const toCrm = context.direction === 'toIntegration';
    const order = toCrm ? context.source.values.recordNo : context.source.values._objectid_value;
    if (isEmpty(order)) return true;
    const coupling = await services.state.findCoupling(SALES_ORDER, toCrm ? 'business' : 'integration', toCrm ? String(order) : String(order).toLowerCase());
    return coupling?.businessId && coupling.integrationId ? undefined : true;
  });
}
