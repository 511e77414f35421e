// `npx tsx bench/profileScenario.ts [to|from|hooks] [N] [--cpu-only]`: one scenario of `pnpm bench` under the CPU
// profiler, for finding where the time goes. `to` = scenario 1 (ERP → CRM full sync), `from` = scenario 2 (CRM → ERP),
// `hooks` = scenario 1 with scenario 5's ten no-op taps per hook. Prints wall time, the CPU seconds of this process
// (its main thread and its other threads apart) and of the emulator's, the functions with most self time and the
// files with most inclusive time, and writes the profile to /tmp/tandem-<scenario>-<N>.cpuprofile (open it in Chrome
// DevTools or speedscope). `--cpu-only` skips the profiler and prints only the times.
import { readFileSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBenchPair, syncableCustomers } from './benchPair';
import { fullFromIntegration } from './fullFromIntegration';
import { fullToIntegration } from './fullToIntegration';
import { summarize, type CpuProfile } from './cpuProfileSummary';
import { tapNoOps } from './hooksOverhead';

const scenario = process.argv[2] ?? 'to';
const n = Number(process.argv[3] ?? 10_000);
// `--cpu-only`: no profiler (it slows this process down), only the wall time and both processes' CPU seconds.
const cpuOnly = process.argv.includes('--cpu-only');
if (!['to', 'from', 'hooks'].includes(scenario) || !Number.isInteger(n) || n < 1) {
  throw new Error('usage: npx tsx bench/profileScenario.ts [to|from|hooks] [N] [--cpu-only]');
}

/**
 * CPU seconds of this process's main thread and of all its other threads together (V8's workers — parallel GC —
 * and the libuv pool, where the async sqlite3 driver runs), from /proc (Linux).
 */
function threadSeconds(): Map<string, number> {
  const seconds = new Map<string, number>([['main thread', 0], ['other threads', 0]]);
  for (const task of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    const which = Number(task) === process.pid ? 'main thread' : 'other threads';
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    seconds.set(which, seconds.get(which)! + (Number(fields[11]) + Number(fields[12])) / 100);
  }
  return seconds;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const pair = await openBenchPair(mkdtempSync(join(tmpdir(), 'tandem-profile-')), scenario === 'from' ? 0 : n);
try {
  if (scenario === 'hooks') tapNoOps(pair.host);
  const records = scenario === 'from' ? n : await syncableCustomers(pair.host);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  const emulatorBefore = cpuSecondsOf(pair.emulator.pid);
  const before = process.cpuUsage();
  const threadsBefore = threadSeconds();
  const started = performance.now();
  if (!cpuOnly) await session.post('Profiler.start');
  const figures = scenario === 'from' ? await fullFromIntegration(pair, records) : await fullToIntegration(pair, records);
  const seconds = (performance.now() - started) / 1000;
  const own = process.cpuUsage(before);
  console.log(JSON.stringify(figures));
  const threads = [...threadSeconds()].map(([name, cpu]) => `${name} ${(cpu - (threadsBefore.get(name) ?? 0)).toFixed(2)}`);
  console.log(`threads (CPU s): ${threads.join(' · ')}`);
  console.log(`wall ${seconds.toFixed(2)} s · this process ${((own.user + own.system) / 1e6).toFixed(2)} CPU s · emulator ${(cpuSecondsOf(pair.emulator.pid) - emulatorBefore).toFixed(2)} CPU s`);
  if (!cpuOnly) {
    const { profile } = await session.post('Profiler.stop');
    summarize(profile as unknown as CpuProfile);
    const file = `/tmp/tandem-${scenario}-${n}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    console.log(`profile written to ${file}`);
  }
} finally {
  await pair.close();
}
