// `npx tsx bench/memoryScenario.ts [to|from] [N]`: where the memory of one full sync goes (scenario 1 or 2 of
// `pnpm bench`). Prints the process's RSS once everything is loaded (before the pass), then, sampled every 20 ms
// during the pass: the peak RSS and, at that moment and at their own peaks, the V8 heap (used / committed), the
// memory outside the heap that JS objects own (`external`, of which `arrayBuffers` = Buffers) and what is left
// (native: the allocator's arenas, SQLite's caches, code, stacks, tsx's loader thread). Then the same after the pass
// and a collection. HEAP_SNAPSHOT_AT_MS=4000 also writes heap snapshots before the pass and 4 s into it (to /tmp);
// the samples taken while a snapshot is written are not representative. The pair applies TANDEM_HEAP_GROWING_PERCENT
// (default 100, as the CLI; 0 for V8's own policy); V8_FLAGS applies other V8 flags at start (see bench/README.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { openBenchPair, syncableCustomers } from './benchPair';
import { prepareAccounts } from './fullFromIntegration';
import { checkClean } from './fullToIntegration';
import { settleMemory } from './measure';
import { ownCpuSeconds } from './processCpu';

if (process.env.V8_FLAGS) setFlagsFromString(process.env.V8_FLAGS); // before the pair: V8 reads these at each collection
const scenario = process.argv[2] ?? 'from';
const n = Number(process.argv[3] ?? 10_000);
if (!['to', 'from'].includes(scenario) || !Number.isInteger(n) || n < 1) throw new Error('usage: npx tsx bench/memoryScenario.ts [to|from] [N]');

interface Sample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** RSS minus the heap's committed pages and `external`: what V8 does not account for. */
  native: number;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0).padStart(5);

function sample(): Sample {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, native: m.rss - m.heapTotal - m.external };
}

function line(label: string, s: Sample): void {
  console.log(`${label.padEnd(22)} rss ${mb(s.rss)} · heap used ${mb(s.heapUsed)} / committed ${mb(s.heapTotal)} · external ${mb(s.external)} (buffers ${mb(s.arrayBuffers)}) · native ${mb(s.native)} MB`);
}

const pair = await openBenchPair(mkdtempSync(join(tmpdir(), 'tandem-memory-')), scenario === 'from' ? 0 : n);
try {
  const records = scenario === 'from' ? n : await syncableCustomers(pair.host);
  if (scenario === 'from') await prepareAccounts(pair, n);
  settleMemory();
  line('loaded, before the pass', sample());
  const snapshotAt = Number(process.env.HEAP_SNAPSHOT_AT_MS ?? 0);
  if (snapshotAt) console.log(`heap snapshot ${writeHeapSnapshot(join(tmpdir(), 'tandem-memory-before.heapsnapshot'))}`);
  let peak = sample();
  const highest = { ...peak };
  const keys = Object.keys(highest) as (keyof Sample)[];
  const timer = setInterval(() => {
    const s = sample();
    if (s.rss > peak.rss) peak = s;
    for (const key of keys) highest[key] = Math.max(highest[key], s[key]);
  }, 20);
  // The live heap (after a collection) some time into the pass, to compare with the one before it.
  if (snapshotAt) setTimeout(() => (settleMemory(), console.log(`heap snapshot ${writeHeapSnapshot(join(tmpdir(), 'tandem-memory-during.heapsnapshot'))}`)), snapshotAt);
  const started = performance.now();
  const cpuBefore = ownCpuSeconds();
  const [job] = await pair.host.engine.run(CUSTOMER, { direction: scenario === 'from' ? 'fromIntegration' : 'toIntegration', full: true });
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const own = ownCpuSeconds() - cpuBefore;
  checkClean(job!, records);
  line('at the peak RSS', peak);
  line('each one at its peak', highest);
  line('after the pass', sample());
  settleMemory();
  line('after a collection', sample());
  const heap = getHeapStatistics();
  console.log(`heap limit ${mb(heap.heap_size_limit)} MB · malloced now ${mb(heap.malloced_memory)}, at most ${mb(heap.peak_malloced_memory)} MB`);
  console.log(`${scenario} N=${n}: ${seconds.toFixed(1)} s (${(records / seconds).toFixed(0)} rows/s, ${own.toFixed(1)} CPU s) · peak RSS ${mb(peak.rss).trim()} MB`);
} finally {
  await pair.close();
}
