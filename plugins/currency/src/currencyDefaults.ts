import { SyncStage, isEmpty, type PluginRegistry } from '@tandem/core';
import { CURRENCY, DEFAULT_CURRENCY_PRECISION, PLUGIN_NAME } from './constants';
import { isoCodeOf } from './isoCode';

/** Decimal places of an amount rounding precision ('0.01' → 2, '1' → 0), within Dataverse's 0–4; else the default. */
export function precisionOf(roundingPrecision: unknown): number {
  const text = typeof roundingPrecision === 'number' || typeof roundingPrecision === 'string' ? String(roundingPrecision).trim() : '';
  const [whole = '', fraction = ''] = text.split('.');
  const digits = fraction.replace(/0+$/, '');
  if (/^0*1$/.test(whole) && digits === '') return 0;
  const match = /^0*$/.test(whole) ? /^(0*)1$/.exec(digits) : null;
  if (!match || match[1]!.length + 1 > 4) return DEFAULT_CURRENCY_PRECISION;
  return match[1]!.length + 1;
}

/**
 * BC's currency rules for the CRM side: the symbol is the ISO code when the ERP has none, the name the ISO code when
 * the currency has no description (a CRM currency needs both); a new CRM currency gets its ISO code (which cannot
 * change later) and its precision from the amount rounding precision.
 */
export function currencyDefaults(registry: PluginRegistry): void {
  const named = { name: PLUGIN_NAME, stage: SyncStage.ENRICH, fields: ['currencysymbol', 'currencyname'] };
  registry.hooks.onTransferField.for(CURRENCY).tap(named, (value, context) => (isEmpty(value) ? isoCodeOf(context.source.values) : value));
  registry.hooks.onAfterTransform.for(CURRENCY).tap({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, (context) => {
    if (context.action !== 'insert') return;
    context.changes.isocurrencycode = isoCodeOf(context.source.values);
    context.changes.currencyprecision ??= precisionOf(context.source.values.amountRoundingPrecision);
  });
}
