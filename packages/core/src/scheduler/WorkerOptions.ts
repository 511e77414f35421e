import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { Clock } from '../host/Clock';
import type { Logger } from '../host/Logger';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

/** How a `Worker` runs the schedule. */
export interface WorkerOptions {
  /**
   * How often the worker reads the schedule entries and checks each on-hold mapping's business table for a change
   * (default 1 000 ms): a local change wakes an on-hold mapping within about this long plus the run.
   */
  pollMs?: number;
  /** How a failing mapping backs off (default 30 s doubling up to 3 600 s). */
  backoff?: BackoffOptions;
  /** Only these mappings (default: every enabled mapping). */
  mappings?: readonly string[];
  /** Where the schedule reads the time (default the host's clock). */
  clock?: Clock;
  /** Where runs, failures and wake-ups are logged (default the host's logger). */
  logger?: Logger;
}

export const DEFAULT_POLL_MS = 1000;

export interface ResolvedWorkerOptions {
  pollMs: number;
  backoff: Required<BackoffOptions>;
  mappings: readonly string[] | undefined;
}

/** The options with their defaults; bad values fail with TANDEM_CONFIG_INVALID, naming each one. */
export function resolveWorkerOptions(options: WorkerOptions): ResolvedWorkerOptions {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const problems = [
    ...(Number.isFinite(pollMs) && pollMs > 0 ? [] : [`pollMs must be a positive number of milliseconds, got ${pollMs}`]),
    ...(Number.isFinite(backoff.initialSeconds) && backoff.initialSeconds > 0 ? [] : [`backoff.initialSeconds must be a positive number, got ${backoff.initialSeconds}`]),
    ...(Number.isFinite(backoff.maxSeconds) && backoff.maxSeconds >= backoff.initialSeconds ? [] : [`backoff.maxSeconds must be at least initialSeconds, got ${backoff.maxSeconds}`]),
  ];
  if (problems.length > 0) throw new TandemError(ErrorCodes.CONFIG_INVALID, `worker options: ${problems.join('; ')}`);
  return { pollMs, backoff, mappings: options.mappings };
}
