// `npx tsx bench/profileScenario.ts [to|from|hooks|limit] [N] [--cpu-only]`: one scenario of `pnpm bench` under the
// CPU profiler, for finding where the time goes. `to` = scenario 1 (ERP → CRM full sync), `from` = scenario 2 (CRM →
// ERP), `hooks` = scenario 1 with scenario 5's ten no-op taps per hook, `limit` = scenario 8's Tandem sync (two
// MikroOrmStores on SQLite, no HTTP, no emulator: the engine's own per-record cost), `peer` = scenario 7 (the
// `executeBatch` script; its emulator's CPU is the one measured, for comparing the emulator's cost per row). Prints wall time, the CPU
// seconds of this process (its main thread and its other threads apart) and of the emulator's, the functions with
// most self time and the files with most inclusive time, and writes the profile to
// /tmp/tandem-<scenario>-<N>.cpuprofile (open it in Chrome DevTools or speedscope). `--cpu-only` skips the profiler and prints only the times.
// `--threads` lists this process's other threads one by one (Node 20 names them all "node": V8's platform workers —
// garbage collection and the optimizing compiler — are started first, then the libuv pool, where SQLite runs).
// `--alloc` also samples allocations (garbage included) and prints the bytes per record by function, the figure to
// watch when cutting garbage-collection time; the profile goes to /tmp/tandem-<scenario>-<N>.heapprofile.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendBatches } from './batchedPeer';
import { openBenchPair, syncableCustomers, type BenchPair } from './benchPair';
import { fullFromIntegration } from './fullFromIntegration';
import { fullToIntegration } from './fullToIntegration';
import { summarizeAllocations, type AllocationProfile } from './allocationSummary';
import { summarize, type CpuProfile } from './cpuProfileSummary';
import { tapNoOps } from './hooksOverhead';
import { limitSync, openLimitPair } from './limit';
import { openPeer } from './peerClient';
import { peerSource } from './peerSource';
import { cpuSecondsOf, ownCpuSeconds, threadSeconds } from './processCpu';

const scenario = process.argv[2] ?? 'to';
const n = Number(process.argv[3] ?? 10_000);
// `--cpu-only`: no profiler (it slows this process down), only the wall time and both processes' CPU seconds.
const cpuOnly = process.argv.includes('--cpu-only');
const eachThread = process.argv.includes('--threads');
const allocations = process.argv.includes('--alloc');
if (!['to', 'from', 'hooks', 'limit', 'peer'].includes(scenario) || !Number.isInteger(n) || n < 1) {
  throw new Error('usage: npx tsx bench/profileScenario.ts [to|from|hooks|limit|peer] [N] [--cpu-only] [--threads] [--alloc]');
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-profile-'));
const limitPair = scenario === 'limit' ? await openLimitPair(dir, n) : undefined;
const pair = limitPair ?? (await openBenchPair(dir, scenario === 'from' ? 0 : n));
// Scenario 7 sends the customers the pair's ERP holds to an emulator of its own.
const source = scenario === 'peer' ? await peerSource(pair.host) : undefined;
const peer = source ? await openPeer((mkdirSync(join(dir, 'peer')), join(dir, 'peer'))) : undefined;
// The emulator's process, when the scenario has one (scenario 8 has none).
const emulatorPid = limitPair ? undefined : (peer ?? (pair as BenchPair)).emulator.pid;
try {
  if (scenario === 'hooks') tapNoOps(pair.host);
  const records = scenario === 'from' || scenario === 'limit' ? n : source ? source.customers.length : await syncableCustomers(pair.host);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  const emulatorBefore = emulatorPid === undefined ? 0 : cpuSecondsOf(emulatorPid);
  const cpuBefore = ownCpuSeconds();
  const threadsBefore = threadSeconds(eachThread);
  const started = performance.now();
  // Objects freed by collections are kept in the sample: they are the garbage whose collection costs the time.
  const sampling = { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
  if (allocations) await session.post('HeapProfiler.startSampling', sampling);
  if (!cpuOnly) await session.post('Profiler.start');
  const figures = limitPair
    ? await limitSync(limitPair, records).then(() => ({ limit: { records } }))
    : peer ? await sendBatches(peer, source!).then(() => ({ batchedPeer: { records } }))
    : scenario === 'from' ? await fullFromIntegration(pair as BenchPair, records) : await fullToIntegration(pair as BenchPair, records);
  const seconds = (performance.now() - started) / 1000;
  const own = ownCpuSeconds() - cpuBefore;
  console.log(JSON.stringify(figures));
  const threads = [...threadSeconds(eachThread)].map(([name, cpu]) => `${name} ${(cpu - (threadsBefore.get(name) ?? 0)).toFixed(2)}`);
  console.log(`threads (CPU s): ${threads.join(' · ')}`);
  const emulator = emulatorPid === undefined ? '' : ` · emulator ${(cpuSecondsOf(emulatorPid) - emulatorBefore).toFixed(2)} CPU s`;
  console.log(`wall ${seconds.toFixed(2)} s · this process ${own.toFixed(2)} CPU s${emulator}`);
  if (allocations) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    summarizeAllocations(profile as unknown as AllocationProfile, records);
    const file = `/tmp/tandem-${scenario}-${n}.heapprofile`;
    writeFileSync(file, JSON.stringify(profile));
    console.log(`allocation profile written to ${file}`);
  }
  if (scenario === 'limit' || peer) console.log(`${peer ? 'peer' : 'tandem'} ${(records / seconds).toFixed(0)} rows/s`);
  if (!cpuOnly) {
    const { profile } = await session.post('Profiler.stop');
    summarize(profile as unknown as CpuProfile);
    const file = `/tmp/tandem-${scenario}-${n}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    console.log(`profile written to ${file}`);
  }
} finally {
  await peer?.close();
  await pair.close();
}
