import type { RequestThrottle, RequestThrottleOptions } from '../throttle/RequestThrottle';
import type { ThrottleRegistry } from '../throttle/ThrottleRegistry';
import type { DataverseLogger } from './RequestSender';
import type { RetryPolicy } from './retry';
import type { DataverseAuthOptions } from './tokenProviderFromAuth';

export interface DataverseClientOptions {
  /** The environment URL (`https://contoso.crm.dynamics.com`); a URL that already ends in `/api/data/v9.x` works too. */
  url: string;
  /** Web API version, default `v9.2`. */
  apiVersion?: string;
  auth: DataverseAuthOptions;
  /** Use this throttle instead of the registry's. */
  throttle?: RequestThrottle;
  /** Where the shared per-(service, identity) throttle comes from; default the process-wide registry. */
  throttleRegistry?: ThrottleRegistry;
  /** Limits for the throttle when this client creates it (defaults: 52 concurrent, 6 000 per 300 s). */
  throttleOptions?: RequestThrottleOptions;
  retry?: Partial<RetryPolicy>;
  /** On `429`, hold every request of the identity for `Retry-After`, not just the refused one (default true). */
  pauseAllOnThrottle?: boolean;
  /**
   * A `fetch` to send with (a proxy, a custom CA, a test double) instead of the built-in transport (`nodeHttpFetch`:
   * `node:http`/`node:https` with a keep-alive agent per client). Node's global `fetch` works too.
   */
  fetch?: typeof fetch;
  /** Abort a request that takes longer than this (default 120 s); it then counts as transient. */
  requestTimeoutMs?: number;
  logger?: DataverseLogger;
  /** Source of randomness for backoff jitter (tests). */
  random?: () => number;
}
