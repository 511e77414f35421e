import { SyncStage, valuesEqual, type PluginRegistry } from '@tandem/core';
import { CURRENCY, LOCAL_CURRENCY_ID, PLUGIN_NAME } from './constants';
import type { CurrencyEnvironment } from './CurrencyEnvironment';
import { isoCodeOf } from './isoCode';
import type { LocalCurrencyCoupling } from './LocalCurrencyCoupling';

/**
 * A new exchange rate is a row of CurrencyExchangeRate, and a rate can also come into force just by its starting date
 * being reached: neither changes the Currency row, so the change stream would never see it. So at the start of each
 * CURRENCY job, every coupled currency's rate of today is compared with its CRM currency's rate, and the couplings
 * that differ are marked `pending`: the job retries pending records first and treats them as changed, which re-sends
 * the rate (`sendExchangeRate`). The local currency's coupling is settled here too (`LocalCurrencyCoupling`).
 */
export function resendChangedRates(registry: PluginRegistry, env: CurrencyEnvironment, local: LocalCurrencyCoupling): void {
  registry.hooks.onJobStart.for(CURRENCY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async ({ job }) => {
    if (job.type !== 'synchronization' || job.direction !== 'toIntegration') return;
    const { services } = env;
    const view = await env.forJob(job.id);
    try {
      await local.ensure(view);
    } catch (error) {
      services.logger.error({ mapping: CURRENCY, code: (error as { code?: string }).code }, `local currency not coupled: ${(error as Error).message}`);
    }
    const couplings = (await services.state.couplings(CURRENCY)).filter(
      (c) => c.businessId && c.integrationId && c.businessId !== LOCAL_CURRENCY_ID && c.lastResultToIntegration !== 'pending' && c.lastResultToIntegration !== 'failure',
    );
    if (couplings.length === 0) return;
    const crm = new Map((await services.stores.integration.getByIds('transactioncurrency', couplings.map((c) => c.integrationId!))).map((r) => [r.id, r]));
    const stale: number[] = [];
    for (const coupling of couplings) {
      const row = crm.get(coupling.integrationId!);
      const currency = view.rates.currencyOfCode(coupling.businessId!);
      if (!row || !currency || row.id === view.base.id) continue;
      let rate: string;
      try {
        rate = view.rates.crmRate(isoCodeOf(currency)!, view.baseIso);
      } catch {
        continue; // the record's own transfer reports the missing rate
      }
      if (!valuesEqual(row.values.exchangerate, rate, 'decimal')) stale.push(coupling.id);
    }
    await services.state.markForResync(CURRENCY, 'toIntegration', stale);
  });
}
