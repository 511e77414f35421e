import { DataverseAuthError, DataverseError, DataverseRequestError, DataverseTransientError } from '../errors/DataverseErrors';
import { errorFromResponse } from '../errors/errorFromResponse';
import { parseRetryAfter } from '../errors/parseRetryAfter';
import { DataverseMessages } from '../errors/DataverseMessages';
import { redactSecrets } from '../errors/redactSecrets';
import type { RequestThrottle } from '../throttle/RequestThrottle';
import { sleep, type RetryPolicy } from './retry';
import { decideRetry, newAttemptState, type AttemptOutcome, type AttemptState, type RetryDecision } from './retryDecision';
import type { HttpFetch, HttpResponse } from './nodeHttpFetch';
import type { TokenProvider } from './TokenProvider';

/** Where log lines go. Lines never contain tokens or secrets. */
export interface DataverseLogger {
  debug?(message: string): void;
  warn?(message: string): void;
}

/** A response as the client returns it: fully read, with the number of HTTP attempts it took. */
export interface DataverseResponse {
  status: number;
  headers: Headers;
  text: string;
  /** HTTP attempts made for this call (1 when nothing was retried). */
  attempts: number;
  /**
   * True when an earlier attempt failed in a way that does not tell whether the service applied it (5xx, connection
   * reset, timeout): a write may then have happened twice.
   */
  possiblyRepeated: boolean;
}

/** Counters of one client, for diagnostics and tests. */
export interface DataverseClientStats {
  /** HTTP requests sent (every attempt counts). */
  requests: number;
  /** Attempts that were repeated after a 429, a 5xx or a network failure. */
  retries: number;
  throttled: number;
  transientFailures: number;
  tokenRefreshes: number;
}

export interface SendInit {
  headers?: Record<string, string>;
  /** Text, or its UTF-8 bytes (a `$batch` body for the built-in transport). */
  body?: string | Uint8Array<ArrayBuffer>;
}

export interface RequestSenderOptions {
  /** The transport: `nodeHttpFetch` unless the client was given a `fetch`. */
  fetch: HttpFetch;
  tokenProvider: TokenProvider;
  throttle: RequestThrottle;
  retryPolicy: RetryPolicy;
  pauseAllOnThrottle: boolean;
  requestTimeoutMs: number;
  random: () => number;
  stats: DataverseClientStats;
  /** Secrets to cut out of any message built from a lower layer's text. */
  secrets: readonly string[];
  logger?: DataverseLogger;
}

/**
 * Sends one request at a time through the token provider, the throttle and the retry decision, and reads the whole
 * response. The transport half of `DataverseClient`.
 */
export class RequestSender {
  readonly #options: RequestSenderOptions;

  constructor(options: RequestSenderOptions) {
    this.#options = options;
  }

  /**
   * Sends one request and reads the whole response. Returns any final status (callers map errors); throws only when
   * retries are exhausted or on a non-retryable network failure.
   */
  async send(method: string, url: string, init: SendInit = {}): Promise<DataverseResponse> {
    const { stats, logger, retryPolicy, random } = this.#options;
    const label = `${method} ${new URL(url).pathname}`;
    const state = newAttemptState();
    let forceRefresh = false;
    for (;;) {
      const token = await this.token(forceRefresh);
      forceRefresh = false;
      state.attempts += 1;
      stats.requests += 1;
      const attempt = await this.attempt(method, url, init, token);
      const outcome: AttemptOutcome =
        'response' in attempt
          ? { status: attempt.response.status, retryAfterMs: parseRetryAfter(attempt.response.headers.get('Retry-After')) }
          : { networkError: attempt.networkError };
      const decision = decideRetry(outcome, state, method, retryPolicy, random);
      if (decision.action === 'accept') {
        // Only a response is ever accepted; a network error is retried or given up on.
        const { response, text } = attempt as { response: HttpResponse; text: string };
        return { status: response.status, headers: response.headers, text, attempts: state.attempts, possiblyRepeated: state.possiblyRepeated };
      }
      if (decision.action === 'refreshToken') {
        forceRefresh = true;
        stats.tokenRefreshes += 1;
        logger?.debug?.(`Dataverse ${label}: 401, refreshing the token`);
        continue;
      }
      if (decision.cause === 'throttled') stats.throttled += 1;
      if (decision.cause === 'transient') stats.transientFailures += 1;
      if (decision.action === 'giveUp') throw this.giveUpError(decision, attempt, label, state);
      if (decision.cause === 'throttled' && this.#options.pauseAllOnThrottle) this.#options.throttle.pauseFor(decision.waitMs);
      logger?.warn?.(`Dataverse ${label}: ${decision.what}, retrying in ${decision.waitMs} ms (attempt ${state.attempts})`);
      stats.retries += 1;
      await sleep(decision.waitMs);
    }
  }

  /** The typed error of a response, its message cleaned of secrets. */
  responseError(response: { status: number; headers: Headers }, text: string, label: string): DataverseError {
    const error = errorFromResponse({ status: response.status, header: (name) => response.headers.get(name), bodyText: text }, label);
    if (this.#options.secrets.length > 0) error.message = this.redact(error.message);
    return error;
  }

  redact(text: string): string {
    return redactSecrets(text, this.#options.secrets);
  }

  /** One HTTP exchange inside a throttle slot: the response with its whole body, or the network error. */
  private async attempt(
    method: string,
    url: string,
    init: SendInit,
    token: string,
  ): Promise<{ response: HttpResponse; text: string } | { networkError: unknown }> {
    const release = await this.#options.throttle.acquire();
    try {
      const response = await this.#options.fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'OData-MaxVersion': '4.0',
          'OData-Version': '4.0',
          ...(method === 'GET' ? { 'If-None-Match': 'null' } : {}),
          ...init.headers,
        },
        body: init.body,
        signal: AbortSignal.timeout(this.#options.requestTimeoutMs),
      });
      return { response, text: await response.text() };
    } catch (networkError) {
      return { networkError };
    } finally {
      release();
    }
  }

  private giveUpError(
    decision: Extract<RetryDecision, { action: 'giveUp' }>,
    attempt: { response: HttpResponse; text: string } | { networkError: unknown },
    label: string,
    state: AttemptState,
  ): DataverseError {
    const fix = decision.cause === 'throttled' ? DataverseMessages.throttledFix : DataverseMessages.transientFix;
    if ('response' in attempt) {
      const error = this.responseError(attempt.response, attempt.text, `${label}; gave up after ${state.attempts} attempts`);
      error.message = `${error.message}. ${fix}`;
      return error;
    }
    if (decision.cause === 'permanent') {
      const error = attempt.networkError;
      return new DataverseRequestError(`${label} failed: ${this.redact(error instanceof Error ? error.message : String(error))}`, { request: label });
    }
    return new DataverseTransientError(`${label} failed (${decision.what}); gave up after ${state.attempts} attempts. ${fix}`, { request: label });
  }

  private async token(forceRefresh: boolean): Promise<string> {
    try {
      return await this.#options.tokenProvider.getToken(forceRefresh ? { forceRefresh: true } : undefined);
    } catch (error) {
      if (error instanceof DataverseError) throw error;
      throw new DataverseAuthError(DataverseMessages.tokenProviderFailed(this.redact(error instanceof Error ? error.message : String(error))));
    }
  }
}
