import { SyncStage, type PluginRegistry } from '@tandem/core';
import { CURRENCY, LOCAL_CURRENCY_ID, PLUGIN_NAME } from './constants';
import { currencyErrors } from './errors';
import { isStandardIsoCode, isoCodeOf } from './isoCode';

/**
 * Only currencies with a standard ISO code are coupled and synchronized (BC's rule). Any other currency ('EURO',
 * 'X1') fails its record with `TANDEM_CURRENCY_ISO_CODE_INVALID`, before anything is looked up or sent: it shows in the
 * job as a failed record with that code, and is parked after its second failure until the code is fixed and the
 * record restored. A row whose code is the local currency's pseudo id is passed over, so it never takes that coupling.
 */
export function rejectNonIsoCurrencies(registry: PluginRegistry): void {
  registry.hooks.onQueryPostFilter.for(CURRENCY).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, (context) =>
    context.source.id === LOCAL_CURRENCY_ID ? true : undefined,
  );
  registry.hooks.onBeforeTransform.for(CURRENCY).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, (context) => {
    const iso = isoCodeOf(context.source.values);
    if (!isStandardIsoCode(iso)) throw currencyErrors.isoCodeInvalid(context.source.id, iso);
  });
}
