/**
 * Run-time knobs of the emulator. All are off by default; every field may be changed while the emulator runs
 * (`emulator.knobs.faultRate = 0.05`). They apply to Web API requests (`/api/data/...`) only, never to the token or
 * OpenID metadata endpoints. A `$batch` counts as one request.
 */
export interface EmulatorKnobs {
  /** Service-protection throttling: answer `429` with `Retry-After`. */
  throttle?: ThrottleKnob;
  /** Added latency per request, in ms: a fixed number or a uniformly drawn range. */
  latencyMs?: number | { min: number; max: number };
  /** Fraction (0..1) of requests answered with an injected server error (`faultStatus`, default 503). */
  faultRate?: number;
  /** Status of injected faults; default 503. */
  faultStatus?: number;
  /**
   * When the injected fault happens: `beforeApply` (default; the request had no effect, a retry is safe) or
   * `afterApply` (the write was applied and then the answer was replaced by an error: tests at-least-once handling).
   */
  faultPhase?: FaultPhase;
  /** Fraction (0..1) of requests whose connection is destroyed without an answer. */
  dropRate?: number;
  /** Same as `faultPhase`, for dropped connections; default `beforeApply`. */
  dropPhase?: FaultPhase;
  /** When set, every API response carries `x-ms-dop-hint: <n>`. */
  dopHint?: number;
}

export type FaultPhase = 'beforeApply' | 'afterApply';

/**
 * Either a sliding window per user (like the real limit: `maxRequests` per `windowMs`, 6 000 per 300 000 ms in
 * production), or a random fraction of requests (`rate`). `maxConcurrent` adds the concurrency limit (52 in
 * production), which fails immediately. `retryAfterSeconds` is the `Retry-After` value (window mode: default is the
 * time until the window frees a slot, rounded up; rate mode: default 1). `0` is allowed and makes tests fast.
 */
export type ThrottleKnob = WindowThrottle | RateThrottle;

export interface WindowThrottle {
  maxRequests: number;
  windowMs: number;
  retryAfterSeconds?: number;
  maxConcurrent?: number;
}

export interface RateThrottle {
  rate: number;
  retryAfterSeconds?: number;
  maxConcurrent?: number;
}

export function isRateThrottle(knob: ThrottleKnob): knob is RateThrottle {
  return typeof (knob as RateThrottle).rate === 'number';
}
