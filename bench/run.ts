// `pnpm bench [--n N] [--runs R] [--quick]`: the benchmark of issue 8. Prints a table and writes
// bench/results/latest.json. Every figure is the min / median / max over R runs; each run measures every scenario,
// so a ratio compares figures of the same run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { batchedPeer } from './batchedPeer';
import { openBenchPair, syncableCustomers, type BenchPair } from './benchPair';
import { fullFromIntegration } from './fullFromIntegration';
import { fullToIntegration } from './fullToIntegration';
import { GOALS } from './goals';
import { asyncCallFloorMicros, tapNoOps } from './hooksOverhead';
import { idle } from './idle';
import { INCREMENTAL_AT_FULL_SIZE, incrementalRun, incrementalSizes, syncedPair } from './incremental';
import { LATENCY_SETUP, latency } from './latency';
import { limit } from './limit';
import { naivePeer } from './naivePeer';
import { peerSource } from './peerSource';
import { summarize, type Spread } from './summary';

interface Options {
  n: number;
  runs: number;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { n: 100_000, runs: 3 };
  let quick = false;
  const explicit = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.includes('=') ? args[i]!.split('=', 2) : [args[i]!, undefined];
    const number = (): number => {
      const text = inline ?? args[++i];
      const value = Number(text);
      if (!text || !Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of 1 or more, got '${text ?? ''}'`);
      return value;
    };
    if (flag === '--') continue;
    else if (flag === '--n') (options.n = number()), explicit.add('n');
    else if (flag === '--runs') (options.runs = number()), explicit.add('runs');
    else if (flag === '--quick') quick = true;
    else throw new Error(`unknown option '${args[i]}' (usage: pnpm bench [--n N] [--runs R] [--quick])`);
  }
  if (quick) {
    if (!explicit.has('n')) options.n = 2000;
    if (!explicit.has('runs')) options.runs = 1;
  }
  return options;
}

type RunFigures = Record<string, Record<string, number> | number>;

/**
 * Opens a bench pair, runs `body` on it and closes it. The pair lives only in this call's frame: a pair (its host,
 * its entity managers) held in a variable of `runOnce` stays reachable in the suspended async function until
 * `runOnce` returns, and counted in every later scenario's peak RSS.
 */
async function withPair<T>(dir: string, customers: number, body: (pair: BenchPair) => Promise<T>): Promise<T> {
  const pair = await openBenchPair(dir, customers);
  try {
    return await body(pair);
  } finally {
    await pair.close();
  }
}

/** One run of every scenario, each on fresh files and a fresh emulator process. */
async function runOnce(n: number, dir: string, log: (line: string) => void): Promise<RunFigures> {
  const folder = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path);
    return path;
  };

  const sizes = incrementalSizes(n);
  log('  1, 9, 4, 3, 10: ERP → CRM full sync, state growth, idle run, incremental run, latency with the worker');
  const { records, one, four, largeSeconds, ten, source } = await withPair(folder('to-integration'), n, async (pair) => {
    const records = await syncableCustomers(pair.host);
    const one = await fullToIntegration(pair, records);
    const source = await peerSource(pair.host);
    const four = await idle(pair);
    const largeSeconds = await incrementalRun(pair, sizes.perSide, 'large');
    const ten = await latency(pair);
    return { records, one, four, largeSeconds, ten, source };
  });

  // The peers run right after the customers they send are loaded; the rows are let go before the next scenario.
  log('  6: dynamics-web-api, one create per record');
  const six = await naivePeer(folder('naive-peer'), source);
  log('  7: dynamics-web-api, executeBatch of 1 000');
  const seven = await batchedPeer(folder('batched-peer'), source);
  source.customers = [];

  log(`  3: incremental run on ${sizes.smallRows.toLocaleString('en-US')} customers`);
  const small = await syncedPair(folder('incremental-small'), sizes.smallRows);
  let smallSeconds: number;
  try {
    smallSeconds = await incrementalRun(small, sizes.perSide, 'small');
  } finally {
    await small.close();
  }

  // Scenario 1 itself runs cold (first compilation, first emulator process): the baseline of scenario 5 is scenario 1
  // again on a fresh pair, right before the tapped one, so both are measured warm and under the same load.
  log('  5: scenario 1 again, then with ten no-op taps on every per-record hook');
  const hooksRun = (name: string, taps: boolean) =>
    withPair(folder(name), n, async (fresh) => {
      const count = taps ? tapNoOps(fresh.host) : undefined;
      return { ...(await fullToIntegration(fresh, records)).fullToIntegration, tapCalls: count?.calls ?? 0 };
    });
  const untapped = await hooksRun('hooks-baseline', false);
  const tapped = await hooksRun('hooks-tapped', true);
  const tapCallsPerRecord = tapped.tapCalls / records;
  const tapFloorCpuMicrosPerRecord = await asyncCallFloorMicros(tapCallsPerRecord, Math.min(records, 20_000));

  log('  2: CRM → ERP full sync');
  const two = await withPair(folder('from-integration'), 0, (pair) => fullFromIntegration(pair, records));

  log('  8: SQLite → SQLite, raw and Tandem');
  const eight = await limit(folder('limit'), n);

  return {
    fullToIntegration: one.fullToIntegration,
    fullFromIntegration: two,
    idle: four,
    incremental: {
      changes: sizes.changes, smallRows: sizes.smallRows, largeRows: sizes.largeRows, scale: sizes.scale,
      smallSeconds, largeSeconds, ratio: largeSeconds / smallSeconds,
    },
    hooksOverhead: {
      seconds: tapped.seconds, baselineSeconds: untapped.seconds, ratio: tapped.seconds / untapped.seconds,
      cpuMicrosPerRecord: tapped.cpuMicrosPerRecord, baselineCpuMicrosPerRecord: untapped.cpuMicrosPerRecord,
      tapCallsPerRecord, tapFloorCpuMicrosPerRecord,
    },
    latency: { ...ten, intervalSeconds: LATENCY_SETUP.intervalSeconds, pollMs: LATENCY_SETUP.pollMs },
    naivePeer: six,
    batchedPeer: seven,
    limit: eight,
    stateBytesPerCoupling: one.stateBytesPerCoupling,
    ratioVsNaive: one.fullToIntegration.recordsPerSec / six.recordsPerSec,
    ratioVsBatched: one.fullToIntegration.recordsPerSec / seven.recordsPerSec,
    ratioVsRaw: eight.tandemRecordsPerSec / eight.rawRecordsPerSec,
    // Not goals: how high the two ratios could be with the CPU per record Tandem used (bench README, "CPU per record").
    ratioVsBatchedCeiling: recordsPerSecAtFullCpu(one.fullToIntegration.cpuMicrosPerRecord + one.fullToIntegration.emulatorCpuMicrosPerRecord) / seven.recordsPerSec,
    ratioVsRawCeiling: recordsPerSecAtFullCpu(eight.tandemCpuMicrosPerRecord) / eight.rawRecordsPerSec,
  };
}

/**
 * The records per second of a pass that used `cpuMicros` of CPU per record (its processes together), had it kept
 * every core of the machine busy: no pass with that CPU per record can be faster on these cores.
 */
const recordsPerSecAtFullCpu = (cpuMicros: number) => (availableParallelism() * 1e6) / cpuMicros;

const format = (value: number): string =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2);

function printTable(summary: Record<string, Record<string, Spread> | Spread>): void {
  const lines: string[][] = [['figure', 'median', 'min', 'max', 'goal (issue 8)']];
  for (const [key, value] of Object.entries(summary)) {
    const entries: [string, Spread][] = 'median' in value ? [[key, value as Spread]] : Object.entries(value).map(([figure, s]) => [`${key}.${figure}`, s]);
    for (const [name, s] of entries) lines.push([name, format(s.median), format(s.min), format(s.max), GOALS[name] ?? '']);
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((l) => l[column]!.length)));
  for (const line of lines) console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : column < 4 ? cell.padStart(widths[column]!) : cell)).join('  '));
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(2);
  }
  const cores = availableParallelism();
  console.log(`Tandem benchmark: N = ${options.n.toLocaleString('en-US')}, ${options.runs} run(s), ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  // Also when a signal ends the benchmark (the `finally` below does not run then).
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const runs: RunFigures[] = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      console.log(`run ${run} of ${options.runs}`);
      const runDir = join(dir, `run-${run}`);
      mkdirSync(runDir);
      runs.push(await runOnce(options.n, runDir, (line) => console.log(line)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = summarize(runs);
  printTable(summary);
  const result = {
    n: options.n,
    runs: options.runs,
    cores,
    cpu: cpus()[0]?.model ?? null,
    node: process.version,
    date: new Date().toISOString(),
    ...summary,
    incremental: {
      ...summary.incremental,
      note:
        `${INCREMENTAL_AT_FULL_SIZE.changes} changes against ${INCREMENTAL_AT_FULL_SIZE.smallRows} and ${INCREMENTAL_AT_FULL_SIZE.largeRows} rows at N = 100 000, ` +
        `scaled by N / 100 000 (scale) for this N: changes (half per side) against smallRows and largeRows`,
    },
  };
  const out = resolve(import.meta.dirname, 'results', 'latest.json');
  mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${out}`);
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
