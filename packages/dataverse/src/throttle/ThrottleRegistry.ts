import { RequestThrottle, type RequestThrottleOptions } from './RequestThrottle';

/**
 * Hands out one `RequestThrottle` per (service URL, identity). The service protection limits belong to the identity
 * on the service, not to a client object, so every client — and so every mapping — that talks to the same service as
 * the same identity must share one throttle.
 *
 * The first caller's options create the throttle; later callers get the same instance whatever options they pass.
 */
export class ThrottleRegistry {
  private readonly throttles = new Map<string, RequestThrottle>();

  /** The throttle for a service and identity, created on first use. */
  get(serviceUrl: string, identity: string, options?: RequestThrottleOptions): RequestThrottle {
    const key = ThrottleRegistry.key(serviceUrl, identity);
    let throttle = this.throttles.get(key);
    if (!throttle) {
      throttle = new RequestThrottle(options);
      this.throttles.set(key, throttle);
    }
    return throttle;
  }

  /** Forgets every throttle (tests). */
  clear(): void {
    this.throttles.clear();
  }

  get size(): number {
    return this.throttles.size;
  }

  /** The registry key: the service origin (scheme, host, port) in lower case, and the identity key. */
  static key(serviceUrl: string, identity: string): string {
    return `${new URL(serviceUrl).origin.toLowerCase()}|${identity}`;
  }
}

/**
 * The process-wide registry clients use unless they are given one. This is deliberate shared state: two hosts in one
 * process that use the same identity on the same service draw on one service-protection budget, exactly like the
 * service sees them. Pass your own `ThrottleRegistry` to isolate (tests do).
 */
export const sharedThrottleRegistry = new ThrottleRegistry();
