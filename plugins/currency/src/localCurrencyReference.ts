import { EVERY_MAPPING, SyncStage, isEmpty, maybeAsync, type FieldContext, type PluginRegistry } from '@tandem/core';
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
 *
 * The tap runs for every field of every record of every mapping, so it answers without a promise (`maybeAsync`)
 * except for the first blank code of a job, which waits for the lookup.
 */
export function localCurrencyReference(registry: PluginRegistry, lookup: CurrencyLookup): void {
  let cached: { jobId: string; id: Promise<string | null>; known?: { id: string | null } } | undefined;
  const localId = (jobId: string): { id: string | null } | Promise<string | null> => {
    if (cached?.jobId !== jobId) {
      const entry: NonNullable<typeof cached> = { jobId, id: lookup.localCurrencyId() };
      entry.id.then((id) => (entry.known = { id }), () => undefined);
      cached = entry;
    }
    return cached.known ?? cached.id;
  };
  registry.hooks.onTransferField.for(EVERY_MAPPING).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, maybeAsync((value, context) => {
    if (!referencesCurrency(context)) return value;
    if (context.direction === 'fromIntegration') return value === LOCAL_CURRENCY_ID ? null : value;
    if (!isEmpty(value) || !context.field.business || !isEmpty(context.source.values[context.field.business])) return value;
    const local = localId(context.job.id);
    return local instanceof Promise ? local.then((id) => id ?? value) : (local.id ?? value);
  }));
}
