import { EVERY_MAPPING, SyncStage, isEmpty, maybeAsync, type FieldTarget, type PluginRegistry } from '@tandem/core';
import { CURRENCY, LOCAL_CURRENCY_ID, PLUGIN_NAME } from './constants';
import type { CurrencyLookup } from './CurrencyLookup';

/** A field of another mapping that references CURRENCY: `reference: { mapping: CURRENCY }` (the tap's `fields`). */
function referencesCurrency({ mapping, field }: FieldTarget): boolean {
  return mapping.name !== CURRENCY && field.reference?.mapping === CURRENCY;
}

/**
 * Makes the ERP's blank currency code travel through any `reference: { mapping: CURRENCY }` field of any mapping:
 * - to the CRM, a blank code becomes the local currency's CRM currency (core's reference step gives an empty value for
 *   a blank code; this tap fills in the currency coupled to `LOCAL_CURRENCY_ID`);
 * - from the CRM, the local currency's CRM currency arrives through its coupling as `LOCAL_CURRENCY_ID`, and this tap
 *   turns it into the blank code.
 * An empty value whose source is not blank (an uncoupled currency with `clearValueOnFailedSync`) stays empty.
 *
 * The tap listens only to currency reference fields (`fields: referencesCurrency`, asked once per mapping, direction
 * and field), so the engine calls it for no other field. It runs for every record, so it answers without a promise
 * (`maybeAsync`) except for the first blank code of a job, which waits for the lookup.
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
  const options = { name: PLUGIN_NAME, stage: SyncStage.TRANSLATE, fields: referencesCurrency };
  registry.hooks.onTransferField.for(EVERY_MAPPING).tapPromise(options, maybeAsync((value, context) => {
    if (context.direction === 'fromIntegration') return value === LOCAL_CURRENCY_ID ? null : value;
    if (!isEmpty(value) || !context.field.business || !isEmpty(context.source.values[context.field.business])) return value;
    const local = localId(context.job.id);
    return local instanceof Promise ? local.then((id) => id ?? value) : (local.id ?? value);
  }));
}
