/**
 * When and how long the client waits before sending a failed request again.
 *
 * - `429` (service protection): wait exactly the server's `Retry-After`; without one, back off exponentially. Up to
 *   `maxThrottledAttempts` attempts in all.
 * - `502`/`503`/`504`, connection resets, refused connections and timeouts: jittered exponential backoff, at most
 *   `maxAttempts` attempts in all, then the typed transient error is thrown.
 */
export interface RetryPolicy {
  /** Attempts in all (the first included) for transient failures. */
  maxAttempts: number;
  /** Attempts in all for `429` answers. */
  maxThrottledAttempts: number;
  /** The first backoff step. */
  baseDelayMs: number;
  /** No single backoff is longer than this. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the throttled error is thrown at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxThrottledAttempts: 10,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

/**
 * The backoff before attempt `attempt + 1` after `attempt` failed attempts ("equal jitter": half the exponential step
 * plus a random half), capped at `maxDelayMs`.
 */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The network-level failure code of a `fetch` error (undici wraps it in `cause`), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code) return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'ETIMEDOUT';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True for a connection reset, refusal or timeout: worth sending again. */
export function isRetryableNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  if (code && RETRYABLE_NETWORK_CODES.has(code)) return true;
  // undici's generic "fetch failed" / "other side closed" without a recognisable code.
  return error instanceof TypeError && /fetch failed|socket|closed|terminated/i.test(error.message);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
