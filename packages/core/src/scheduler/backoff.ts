/** How a failing mapping backs off: the wait doubles with each failed run in a row, up to a cap. */
export interface BackoffOptions {
  /** The wait after the first failure (default 30 s, BC's rerun delay). */
  initialSeconds?: number;
  /** The longest wait (default 3 600 s). */
  maxSeconds?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialSeconds: 30, maxSeconds: 3600 };

/** Seconds to wait after the `failures`-th failed run in a row: initial × 2^(failures − 1), at most max. */
export function backoffSeconds(failures: number, options: BackoffOptions = {}): number {
  const { initialSeconds, maxSeconds } = { ...DEFAULT_BACKOFF, ...options };
  return Math.min(maxSeconds, initialSeconds * 2 ** Math.max(0, failures - 1));
}
