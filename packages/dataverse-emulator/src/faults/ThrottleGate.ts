import { PlatformErrorCodes } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import { isRateThrottle, type ThrottleKnob } from './Knobs';
import type { SeededRandom } from './SeededRandom';

/**
 * Decides whether a request is throttled (service protection limits, reference §6): a sliding request-count window
 * per user, a random rate, and an optional concurrency limit. Returns the `429` error to answer with, or undefined.
 */
export class ThrottleGate {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly random: SeededRandom) {}

  check(knob: ThrottleKnob | undefined, userId: string, inFlight: number, now: number): ServiceError | undefined {
    if (!knob) return undefined;
    if (knob.maxConcurrent !== undefined && inFlight > knob.maxConcurrent) {
      return throttled(
        PlatformErrorCodes.ThrottleConcurrency,
        `Number of concurrent requests exceeded the limit of ${knob.maxConcurrent}.`,
        knob.retryAfterSeconds ?? 1,
      );
    }
    if (isRateThrottle(knob)) {
      if (!this.random.chance(knob.rate)) return undefined;
      return throttled(
        PlatformErrorCodes.ThrottleRequests,
        'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
        knob.retryAfterSeconds ?? 1,
      );
    }
    const stamps = this.windows.get(userId) ?? [];
    const from = now - knob.windowMs;
    while (stamps.length > 0 && stamps[0]! <= from) stamps.shift();
    if (stamps.length >= knob.maxRequests) {
      const wait = Math.max(0, Math.ceil((stamps[0]! + knob.windowMs - now) / 1000));
      this.windows.set(userId, stamps);
      return throttled(
        PlatformErrorCodes.ThrottleRequests,
        `Number of requests exceeded the limit of ${knob.maxRequests} over time window of ${Math.round(knob.windowMs / 1000)} seconds.`,
        knob.retryAfterSeconds ?? wait,
      );
    }
    stamps.push(now);
    this.windows.set(userId, stamps);
    return undefined;
  }

  /** Requests left in the caller's window (for `x-ms-ratelimit-burst-remaining-xrm-requests`), when a window applies. */
  remaining(knob: ThrottleKnob | undefined, userId: string): number | undefined {
    if (!knob || isRateThrottle(knob)) return undefined;
    return Math.max(0, knob.maxRequests - (this.windows.get(userId)?.length ?? 0));
  }
}

function throttled(code: string, message: string, retryAfterSeconds: number): ServiceError {
  return new ServiceError(429, code, message, { 'Retry-After': String(retryAfterSeconds) });
}
