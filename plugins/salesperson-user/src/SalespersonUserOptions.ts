import { DEFAULT_SALESPERSON_NO_SERIES, DEFAULT_SALESPERSON_STARTING_NO } from './constants';

/** Options of `SalespersonUserPlugin.withOptions(…)`. */
export interface SalespersonUserOptions {
  /**
   * The `NoSeries` code new salespeople take their codes from. When no series with that code exists, the plugin
   * creates it on first use, starting at `startingNo`. Point it at the setup's `salespersonNos` series to share the
   * ERP's own numbering.
   */
  noSeries: string;
  /** The first code of a series the plugin creates (at most 20 characters, ending in digits). */
  startingNo: string;
}

export const DEFAULT_SALESPERSON_USER_OPTIONS: SalespersonUserOptions = Object.freeze({
  noSeries: DEFAULT_SALESPERSON_NO_SERIES,
  startingNo: DEFAULT_SALESPERSON_STARTING_NO,
});
