import type { PluginRegistry } from '@tandem/core';
import { PAYMENT_TERMS, SHIPMENT_METHOD, SHIPPING_AGENT } from './constants';

/** One default pair: an ERP code and a Dataverse option value (with the option's label). */
export interface DefaultOption {
  business: string;
  integration: number;
  label: string;
}

/**
 * The ERP code BC gives an option that comes from the CRM: the first 10 characters of its label, upper case
 * (BC docs: 'Cash Payment' → 'CASH PAYME').
 */
export function codeFromLabel(label: string): string {
  return label.slice(0, 10).toUpperCase();
}

function fromLabels(options: Record<number, string>): DefaultOption[] {
  return Object.entries(options).map(([value, label]) => ({ business: codeFromLabel(label), integration: Number(value), label }));
}

/**
 * Dataverse's default options of the account columns (out-of-the-box values), paired with the codes BC would make
 * of them. `paymenttermscode`, `address1_freighttermscode`, `address1_shippingmethodcode`.
 */
export const DEFAULT_OPTION_MAPPINGS: Readonly<Record<string, readonly DefaultOption[]>> = Object.freeze({
  [PAYMENT_TERMS]: fromLabels({ 1: 'Net 30', 2: '2% 10, Net 30', 3: 'Net 45', 4: 'Net 60' }),
  [SHIPMENT_METHOD]: fromLabels({ 1: 'FOB', 2: 'No Charge' }),
  [SHIPPING_AGENT]: fromLabels({ 1: 'Airborne', 2: 'DHL', 3: 'FedEx', 4: 'UPS', 5: 'Postal Mail', 6: 'Full Load', 7: 'Will Call' }),
});

/** Seeds the three option sets (kept as edited on later boots; `host.options.reset` restores these). */
export function addDefaultOptionMappings(registry: PluginRegistry): void {
  for (const [optionSet, options] of Object.entries(DEFAULT_OPTION_MAPPINGS)) registry.addOptionMappings(optionSet, [...options]);
}
