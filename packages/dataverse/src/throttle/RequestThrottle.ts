/** Limits of one Dataverse identity on one service, mirroring the service protection limits. */
export interface RequestThrottleOptions {
  /** Requests in flight at once (the service's concurrency limit is 52). */
  maxConcurrent?: number;
  /** Requests started per sliding window (the service allows 6 000 per 300 s). */
  maxRequestsPerWindow?: number;
  /** The sliding window, in milliseconds (300 000). */
  windowMs?: number;
}

export const DEFAULT_THROTTLE_OPTIONS: Required<RequestThrottleOptions> = {
  maxConcurrent: 52,
  maxRequestsPerWindow: 6000,
  windowMs: 300_000,
};

/** Counters of a throttle, for tests and diagnostics. */
export interface RequestThrottleStats {
  /** Requests in flight now. */
  active: number;
  /** The most requests that were ever in flight at once. */
  maxActive: number;
  /** Requests waiting for a slot now. */
  queued: number;
  /** Requests started so far. */
  started: number;
  /** How many times the whole throttle was paused by a server's `Retry-After`. */
  pauses: number;
}

/** Gives the slot back; calling it twice is harmless. */
export type ReleaseSlot = () => void;

/**
 * A fair (FIFO) gate for the requests of one identity on one service: at most `maxConcurrent` in flight, at most
 * `maxRequestsPerWindow` started in any sliding `windowMs`, and a shared pause when the server answers `429` with
 * `Retry-After` — the limit is the identity's, so every caller waits, not only the one that was refused.
 *
 * Pacing: the window is tracked exactly (a ring of the last `maxRequestsPerWindow` start times); a request that would
 * exceed it waits until the oldest start leaves the window. So the client never triggers the request-count limit
 * itself, while short bursts (which the service allows) stay fast.
 */
export class RequestThrottle {
  readonly options: Required<RequestThrottleOptions>;
  private readonly waiters: Array<(release: ReleaseSlot) => void> = [];
  private readonly starts: number[];
  private startIndex = 0;
  private active = 0;
  private maxActive = 0;
  private started = 0;
  private pauses = 0;
  private pausedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: RequestThrottleOptions = {}) {
    this.options = { ...DEFAULT_THROTTLE_OPTIONS, ...stripUndefined(options) };
    if (!(this.options.maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be at least 1');
    if (!(this.options.maxRequestsPerWindow >= 1)) throw new RangeError('maxRequestsPerWindow must be at least 1');
    if (!(this.options.windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.starts = new Array<number>(this.options.maxRequestsPerWindow).fill(Number.NEGATIVE_INFINITY);
  }

  /** Waits for a slot; call the returned function when the request (including reading its body) is done. */
  acquire(): Promise<ReleaseSlot> {
    return new Promise<ReleaseSlot>((resolve) => {
      this.waiters.push(resolve);
      this.pump();
    });
  }

  /** Runs `task` inside a slot. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Holds every new request until `ms` from now (a server's `Retry-After`); requests in flight are not affected. */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    const until = Date.now() + ms;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pauses += 1;
      // Re-arm the timer for the new, later start time.
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      this.pump();
    }
  }

  get stats(): RequestThrottleStats {
    return {
      active: this.active,
      maxActive: this.maxActive,
      queued: this.waiters.length,
      started: this.started,
      pauses: this.pauses,
    };
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiters.length > 0 && this.active < this.options.maxConcurrent) {
      const now = Date.now();
      const wait = this.delayBeforeNextStart(now);
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const grant = this.waiters.shift()!;
      this.active += 1;
      this.started += 1;
      if (this.active > this.maxActive) this.maxActive = this.active;
      this.starts[this.startIndex] = now;
      this.startIndex = (this.startIndex + 1) % this.starts.length;
      let released = false;
      grant(() => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.pump();
      });
    }
  }

  private delayBeforeNextStart(now: number): number {
    const paused = this.pausedUntil - now;
    // The oldest of the last `maxRequestsPerWindow` starts sits at the ring's current index.
    const oldest = this.starts[this.startIndex]!;
    const windowWait = oldest + this.options.windowMs - now;
    return Math.max(0, paused, windowWait);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
