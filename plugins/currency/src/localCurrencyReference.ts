import { EVERY_MAPPING, SyncStage, isEmpty, type FieldContext, type PluginRegistry } from '@tandem/core';
import { CURRENCY, LOCAL_CURRENCY_ID, PLUGIN_NAME } from './constants';
import type { CurrencyLookup } from './CurrencyLookup';

/** A field of another mapping that references CURRENCY: `reference: { mapping: CURRENCY }`. */
function referencesCurrency(context: FieldContext): boolean {
  return context.mapping.name !== CURRENCY && context.field.reference?.mapping === CURRENCY;
}

/**
 * Makes the ERP's blank currency code travel through any `reference: { mapping: CURRENCY }` field of any mapping:
 * - to the CRM, a blank code becomes the local currency's CRM currency (core's reference step gives an empty value for
 *   a blank code; this tap fills in the currency coupled to `LOCAL_CURRENCY_ID`);
 * - from the CRM, the local currency's CRM currency arrives through its coupling as `LOCAL_CURRENCY_ID`, and this tap
 *   turns it into the blank code.
 * An empty value whose source is not blank (an uncoupled currency with `clearValueOnFailedSync`) stays empty.
 */
export function localCurrencyReference(registry: PluginRegistry, lookup: CurrencyLookup): void {
  let cached: { jobId: string; id: Promise<string | null> } | undefined;
  const localId = (jobId: string) => {
    if (cached?.jobId !== jobId) cached = { jobId, id: lookup.localCurrencyId() };
    return cached.id;
  };
  registry.hooks.onTransferField.for(EVERY_MAPPING).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (value, context) => {
    if (!referencesCurrency(context)) return value;
    if (context.direction === 'fromIntegration') return value === LOCAL_CURRENCY_ID ? null : value;
    if (!isEmpty(value) || !context.field.business || !isEmpty(context.source.values[context.field.business])) return value;
    return (await localId(context.job.id)) ?? value;
  });
}
