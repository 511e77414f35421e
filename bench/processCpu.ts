import { existsSync, readFileSync, readdirSync } from 'node:fs';

/**
 * CPU seconds (user + system, all threads) a process has used, from /proc: NaN where there is no /proc (not Linux),
 * so the emulator's figures read NaN there and the rest of the benchmark still runs.
 */
export function cpuSecondsOf(pid: number): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  return cpuSecondsIn(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** CPU seconds this process has used, all its threads together (Node's own count: no /proc needed). */
export function ownCpuSeconds(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/**
 * CPU seconds of this process's threads, from /proc (Linux): the main thread, and the others together (V8's
 * workers — garbage collection, the optimizing compiler — and the libuv pool, where the async sqlite3 driver runs)
 * or one by one (`eachThread`; Node 20 names them all "node").
 */
export function threadSeconds(eachThread: boolean): Map<string, number> {
  const seconds = new Map<string, number>([['main thread', 0], ['other threads', 0]]);
  for (const task of readdirSync('/proc/self/task')) {
    const which = Number(task) === process.pid ? 'main thread' : eachThread ? `thread ${task}` : 'other threads';
    seconds.set(which, (seconds.get(which) ?? 0) + cpuSecondsIn(readFileSync(`/proc/self/task/${task}/stat`, 'utf8')));
  }
  return seconds;
}

/** utime + stime of a `stat` line (fields 14 and 15), in seconds; the command name in parentheses may hold spaces. */
function cpuSecondsIn(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
