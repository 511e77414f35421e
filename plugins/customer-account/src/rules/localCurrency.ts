import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { CUSTOMER, PLUGIN_NAME } from '../constants';
import { CURRENCY_MAPPING } from '../customerMapping';

/**
 * The business id under which `CurrencyPlugin` couples the ERP's local currency (a blank currency code) to its CRM
 * currency in `CURRENCY` (its `LOCAL_CURRENCY_ID`).
 */
export const LOCAL_CURRENCY_ID = '(LCY)';

/**
 * A blank currency code is the ERP's local currency, which is no `Currency` row: core's reference translation turns
 * a blank into an empty CRM value, and the CRM currency of the local currency into `(LCY)`. This rule finishes both:
 * - ERP → CRM: a blank code becomes the CRM currency coupled as the local currency (the base currency in the usual
 *   set-up). Before `CURRENCY` has run there is none: the value stays empty and Dataverse gives a new account its
 *   base currency.
 * - CRM → ERP: `(LCY)` becomes a blank code.
 * The local currency's CRM id is read once per job.
 */
export function localCurrency(hooks: SyncHooks, services: HostServices): void {
  const lcyByJob = new Map<string, Promise<string | null>>();
  const lcyId = (jobId: string) => {
    let id = lcyByJob.get(jobId);
    if (!id) {
      lcyByJob.clear(); // one job at a time is enough to cache
      id = services.state.findCoupling(CURRENCY_MAPPING, 'business', LOCAL_CURRENCY_ID).then((c) => c?.integrationId ?? null);
      lcyByJob.set(jobId, id);
    }
    return id;
  };
  hooks.onTransferField.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (value, context) => {
    if (context.field.business !== 'currencyCode' || !context.field.reference) return value;
    if (context.direction === 'fromIntegration') return value === LOCAL_CURRENCY_ID ? null : value;
    return isEmpty(value) ? ((await lcyId(context.job.id)) ?? value) : value;
  });
}
