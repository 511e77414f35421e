import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, decideRetry, newAttemptState, type RetryPolicy } from '@tandem/dataverse';

const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxThrottledAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const half = () => 0.5;
const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });

describe('decideRetry: one decision for responses and network errors', () => {
  it('accepts final statuses, success or error alike', () => {
    for (const status of [200, 204, 400, 404, 412, 500]) {
      expect(decideRetry({ status }, newAttemptState(), 'GET', policy, half)).toEqual({ action: 'accept' });
    }
  });

  it('refreshes the token after a first 401 only', () => {
    const state = newAttemptState();
    expect(decideRetry({ status: 401 }, state, 'GET', policy, half)).toEqual({ action: 'refreshToken' });
    expect(decideRetry({ status: 401 }, state, 'GET', policy, half)).toEqual({ action: 'accept' });
  });

  it('waits Retry-After on 429, backs off without one, and gives up after the budget or a too long wait', () => {
    const state = newAttemptState();
    expect(decideRetry({ status: 429, retryAfterMs: 1200 }, state, 'GET', policy, half)).toEqual({ action: 'retry', cause: 'throttled', what: '429', waitMs: 1200 });
    expect(decideRetry({ status: 429 }, state, 'GET', policy, half)).toEqual({ action: 'retry', cause: 'throttled', what: '429', waitMs: 150 });
    expect(decideRetry({ status: 429, retryAfterMs: 10 }, state, 'GET', policy, half)).toEqual({ action: 'giveUp', cause: 'throttled', what: '429' });
    expect(decideRetry({ status: 429, retryAfterMs: 6000 }, newAttemptState(), 'GET', policy, half)).toMatchObject({ action: 'giveUp', cause: 'throttled' });
    expect(state.possiblyRepeated).toBe(false);
  });

  it('treats a 503 and a connection reset the same way: one shared transient budget, backoff, then give up', () => {
    const state = newAttemptState();
    expect(decideRetry({ status: 503 }, state, 'POST', policy, half)).toEqual({ action: 'retry', cause: 'transient', what: 'HTTP 503', waitMs: 75 });
    expect(decideRetry({ networkError: reset }, state, 'POST', policy, half)).toEqual({ action: 'retry', cause: 'transient', what: 'ECONNRESET', waitMs: 150 });
    expect(decideRetry({ status: 504 }, state, 'POST', policy, half)).toEqual({ action: 'giveUp', cause: 'transient', what: 'HTTP 504' });
    expect(state.transientAttempts).toBe(3);
    // A write that failed ambiguously may have been applied; a read is harmless to repeat.
    expect(state.possiblyRepeated).toBe(true);
    const read = newAttemptState();
    decideRetry({ networkError: reset }, read, 'GET', policy, half);
    expect(read.possiblyRepeated).toBe(false);
  });

  it('gives up at once on a network error that is not worth retrying', () => {
    const state = newAttemptState();
    expect(decideRetry({ networkError: new Error('certificate has expired') }, state, 'GET', policy, half)).toEqual({
      action: 'giveUp',
      cause: 'permanent',
      what: 'network error',
    });
    expect(state.transientAttempts).toBe(0);
  });
});
