import type { InjectionToken } from '@tandem/core';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_PAGE_SIZE } from './constants';
import { customerStatisticsErrors } from './errors';

/** Options of `CustomerStatisticsPlugin` (register a value under `CUSTOMER_STATISTICS_OPTIONS` in the parent container). */
export interface CustomerStatisticsOptions {
  /** How often the worker runs the job; default 1800 (BC: 30 minutes). */
  intervalSeconds?: number;
  /** Customers per page; default 200. */
  pageSize?: number;
}

export const CUSTOMER_STATISTICS_OPTIONS: InjectionToken<CustomerStatisticsOptions> = Symbol('CustomerStatisticsOptions');

/** The options with defaults; a value that is not a positive whole number → TANDEM_CUSTOMER_STATISTICS_OPTIONS_INVALID. */
export function resolveOptions(options: CustomerStatisticsOptions = {}): Required<CustomerStatisticsOptions> {
  const resolved = { intervalSeconds: options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS, pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value <= 0) throw customerStatisticsErrors.optionsInvalid(`${key} ${JSON.stringify(value)} must be a positive whole number`);
  }
  return resolved;
}
