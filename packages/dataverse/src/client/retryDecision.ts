import { TRANSIENT_STATUSES } from '../errors/errorFromResponse';
import { backoffDelay, isRetryableNetworkError, networkErrorCode, type RetryPolicy } from './retry';

/** What one HTTP attempt produced: a response (any status), or a network failure (no response at all). */
export type AttemptOutcome =
  | { status: number; retryAfterMs?: number }
  | { networkError: unknown };

/** The counters of one `send` call, updated by `decideRetry`. */
export interface AttemptState {
  /** Attempts made so far, this one included. */
  attempts: number;
  throttledAttempts: number;
  transientAttempts: number;
  /** The token was already refreshed once after a `401`. */
  refreshed: boolean;
  /** An earlier attempt of a write failed ambiguously: the service may have applied it. */
  possiblyRepeated: boolean;
}

export function newAttemptState(): AttemptState {
  return { attempts: 0, throttledAttempts: 0, transientAttempts: 0, refreshed: false, possiblyRepeated: false };
}

/**
 * - `accept`: a final response, handed to the caller (who maps error statuses);
 * - `refreshToken`: a first `401`, send again at once with a fresh token;
 * - `retry`: wait `waitMs`, then send again;
 * - `giveUp`: retries exhausted (or not worth it): the caller throws.
 *
 * `cause` says which budget the attempt counted against; `what` names the failure for logs and messages
 * (`429`, `HTTP 503`, `ECONNRESET`).
 */
export type RetryDecision =
  | { action: 'accept' }
  | { action: 'refreshToken' }
  | { action: 'retry'; cause: 'throttled' | 'transient'; what: string; waitMs: number }
  | { action: 'giveUp'; cause: 'throttled' | 'transient' | 'permanent'; what: string };

/**
 * The one place that decides what happens after an attempt, for a response and for a network error alike:
 * `429` waits `Retry-After` (or backs off) up to `maxThrottledAttempts`; `502/503/504`, resets, refusals and timeouts
 * back off with jitter up to `maxAttempts` (and mark a write as possibly repeated); a first `401` refreshes the token;
 * any other network failure gives up at once; every other response is accepted.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  state: AttemptState,
  method: string,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if ('networkError' in outcome) {
    const what = networkErrorCode(outcome.networkError) ?? 'network error';
    if (!isRetryableNetworkError(outcome.networkError)) return { action: 'giveUp', cause: 'permanent', what };
    return transient(what, state, method, policy, random);
  }
  const { status } = outcome;
  if (status === 401 && !state.refreshed) {
    state.refreshed = true;
    return { action: 'refreshToken' };
  }
  if (status === 429) {
    state.throttledAttempts += 1;
    const waitMs = outcome.retryAfterMs ?? backoffDelay(state.throttledAttempts, policy, random);
    if (state.throttledAttempts >= policy.maxThrottledAttempts || waitMs > policy.maxRetryAfterMs) {
      return { action: 'giveUp', cause: 'throttled', what: '429' };
    }
    return { action: 'retry', cause: 'throttled', what: '429', waitMs };
  }
  if (TRANSIENT_STATUSES.has(status)) return transient(`HTTP ${status}`, state, method, policy, random);
  return { action: 'accept' };
}

function transient(what: string, state: AttemptState, method: string, policy: RetryPolicy, random: () => number): RetryDecision {
  state.transientAttempts += 1;
  // A write that failed this way may have been applied: a later success may be its second application.
  if (method !== 'GET') state.possiblyRepeated = true;
  if (state.transientAttempts >= policy.maxAttempts) return { action: 'giveUp', cause: 'transient', what };
  return { action: 'retry', cause: 'transient', what, waitMs: backoffDelay(state.transientAttempts, policy, random) };
}
