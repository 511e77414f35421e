import { SyncStage, type PluginRegistry, type TableStore } from '@tandem/core';
import { CURRENCY, PLUGIN_NAME } from './constants';
import { isStandardIsoCode, isoCodeOf } from './isoCode';

/**
 * An uncoupled currency is coupled to the CRM currency with the same ISO code instead of creating a second one (BC's
 * OnFindUncoupledDestinationRecord; Dataverse refuses a duplicate ISO code anyway). The comparison ignores case, as
 * Dataverse's uniqueness does. Rows with no standard ISO code look for nothing: `rejectNonIsoCurrencies` fails them.
 */
export function coupleByIsoCode(registry: PluginRegistry, integration: () => TableStore): void {
  registry.hooks.onFindUncoupled.for(CURRENCY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
    if (context.direction !== 'toIntegration') return undefined;
    const iso = isoCodeOf(context.source.values);
    if (!isStandardIsoCode(iso)) return undefined;
    const rows = await integration().findByValues('transactioncurrency', { candidates: [{ isocurrencycode: iso }] });
    return rows.length === 1 ? rows[0] : undefined;
  });
}
