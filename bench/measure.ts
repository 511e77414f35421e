/** What one timed section took: wall-clock seconds and the highest RSS of this process seen while it ran. */
export interface Timed<T> {
  result: T;
  seconds: number;
  peakRssMb: number;
}

/**
 * Runs `work`, sampling the RSS every 20 ms (and at both ends) for its peak. `process.memoryUsage.rss()`, not
 * `process.memoryUsage()`: the latter also walks the heap spaces and cost ≈ 5% of a profiled pass.
 */
export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  let peak = process.memoryUsage.rss();
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, seconds, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(sample);
  }
}

/** Waits until the clock has passed into the next whole second (Dataverse stamps `modifiedon` in whole seconds). */
export async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}

/** Lets the collector run before a timed section, so one scenario's garbage is not charged to the next. */
export function settleMemory(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
