import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cpuSecondsOf, ownCpuSeconds } from './processCpu';

/**
 * What one timed section took: wall-clock seconds, the highest RSS of this process seen while it ran, and CPU
 * seconds — this process's (every thread: V8's collector and compiler, SQLite's pool) and, when `timed` was given
 * its pid, the emulator's.
 */
export interface Timed<T> {
  result: T;
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  emulatorCpuSeconds: number;
}

/** Microseconds of CPU per record, from CPU seconds. */
export function microsPerRecord(cpuSeconds: number, records: number): number {
  return (cpuSeconds / records) * 1e6;
}

/**
 * Runs `work`, sampling the RSS every 20 ms (and at both ends) for its peak. `process.memoryUsage.rss()`, not
 * `process.memoryUsage()`: the latter also walks the heap spaces and cost ≈ 5% of a profiled pass.
 */
export async function timed<T>(work: () => Promise<T>, emulatorPid?: number): Promise<Timed<T>> {
  settleMemory();
  const emulatorCpu = () => (emulatorPid === undefined ? 0 : cpuSecondsOf(emulatorPid));
  let peak = process.memoryUsage.rss();
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const emulatorBefore = emulatorCpu();
  const cpuBefore = ownCpuSeconds();
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = ownCpuSeconds() - cpuBefore;
    const emulatorCpuSeconds = emulatorCpu() - emulatorBefore;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, seconds, peakRssMb: peak / 1024 / 1024, cpuSeconds, emulatorCpuSeconds };
  } finally {
    clearInterval(sample);
  }
}

/** Waits until the clock has passed into the next whole second (Dataverse stamps `modifiedon` in whole seconds). */
export async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}

/** The collector, reachable without `--expose-gc` on the command line (the flag set at run time, `gc` from a context). */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * Lets the collector run before a timed section (`timed` calls it), so one scenario's garbage is not charged to the
 * next: scenario 2 runs after seven full syncs in the same process, and its peak RSS counted their uncollected heap
 * (≈ 100 MiB at N = 2 000) on top of its own.
 */
export function settleMemory(): void {
  collect();
  collect();
}
