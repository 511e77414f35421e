import { SyncStage, valuesEqual, type PluginRegistry } from '@tandem/core';
import { CURRENCY, PLUGIN_NAME } from './constants';
import type { CurrencyEnvironment } from './CurrencyEnvironment';
import { isoCodeOf } from './isoCode';

/**
 * The CRM exchange rate of a currency is the ERP's LCY→FCY rate of today (relative to the CRM base currency, see
 * `ErpCurrencyRates.crmRate`). It is written on insert and whenever it differs from the CRM's; the base currency's rate
 * (always 1) is never written, since Dataverse refuses any change to it. A currency with no rate fails its record with
 * `TANDEM_CURRENCY_EXCHANGE_RATE_MISSING`.
 */
export function sendExchangeRate(registry: PluginRegistry, env: CurrencyEnvironment): void {
  registry.hooks.onAfterTransform.for(CURRENCY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, async (context) => {
    const view = await env.forJob(context.job.id);
    if (context.destination?.id === view.base.id) return;
    const rate = view.rates.crmRate(isoCodeOf(context.source.values)!, view.baseIso);
    if (context.action === 'modify' && valuesEqual(context.destination?.values.exchangerate, rate, 'decimal')) return;
    context.changes.exchangerate = rate;
  });
}
