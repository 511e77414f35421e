import { setFlagsFromString } from 'node:v8';
import { ErrorCodes } from '../errors/ErrorCodes';
import { TandemError } from '../errors/TandemError';

/**
 * The variable that sets how far V8 lets the heap grow between full collections in a process that runs syncs. The
 * CLI applies it before it boots a host; a host of your own calls `limitHeapGrowth()` once at start.
 */
export const HEAP_GROWTH_ENV = 'TANDEM_HEAP_GROWING_PERCENT';

/**
 * Tandem's default: the old generation may grow to twice what was live at the last full collection. A sync's live
 * heap is small and flat (35–50 MB whatever N) while every page leaves short-lived garbage; under V8's own policy
 * (a factor that goes up to 4 with the 4 GB heap limit of a 64-bit machine) that garbage, not the data, sets the peak
 * RSS. Factor 2 costs about the same CPU (bench/README.md, "Where the peak RSS comes from").
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

const MAX_PERCENT = 1000;

/**
 * Applies `TANDEM_HEAP_GROWING_PERCENT` (default 100; `0` keeps V8's own policy) to this process through V8's
 * `--heap-growing-percent`, which V8 reads at every full collection, so it holds from the next one on. Returns the
 * percent in force (0 for V8's own). A value that is not a whole number from 0 to 1000 is a configuration error.
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[HEAP_GROWTH_ENV]?.trim();
  const percent = text === undefined || text === '' ? DEFAULT_HEAP_GROWING_PERCENT : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(percent >= 0 && percent <= MAX_PERCENT)) {
    throw new TandemError(
      ErrorCodes.HEAP_GROWTH_INVALID,
      `${HEAP_GROWTH_ENV} must be a whole number from 0 (V8's own heap growth) to ${MAX_PERCENT}, got '${text}'; unset it for Tandem's default of ${DEFAULT_HEAP_GROWING_PERCENT}`,
    );
  }
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
