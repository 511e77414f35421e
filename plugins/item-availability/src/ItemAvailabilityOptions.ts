import type { InjectionToken } from '@tandem/core';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_PAGE_SIZE } from './constants';
import { itemAvailabilityErrors } from './errors';

/** Options of `ItemAvailabilityPlugin` (register a value under `ITEM_AVAILABILITY_OPTIONS` in the parent container). */
export interface ItemAvailabilityOptions {
  /** How often the worker runs the job; default 1800 (BC: 30 minutes). */
  intervalSeconds?: number;
  /** Item ledger entries read per query; default 1000. */
  pageSize?: number;
}

export const ITEM_AVAILABILITY_OPTIONS: InjectionToken<ItemAvailabilityOptions> = Symbol('ItemAvailabilityOptions');

/** The options with defaults; a value that is not a positive whole number → TANDEM_ITEM_AVAILABILITY_OPTIONS_INVALID. */
export function resolveOptions(options: ItemAvailabilityOptions = {}): Required<ItemAvailabilityOptions> {
  const resolved = { intervalSeconds: options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS, pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value <= 0) throw itemAvailabilityErrors.optionsInvalid(`${key} ${JSON.stringify(value)} must be a positive whole number`);
  }
  return resolved;
}
