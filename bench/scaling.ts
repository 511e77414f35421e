// `npx -y pnpm@10.34.9 bench:scaling [--n 10000,100000,1000000] [--scenarios to,from]`: scenarios 1 and 2 of the
// benchmark at several N, each size in a fresh process of its own (so every size starts from the same baseline), to
// show whether rows/s and peak RSS stay flat as N grows. Prints a table and writes bench/results/scaling.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBenchPair, syncableCustomers } from './benchPair';
import { fullFromIntegration } from './fullFromIntegration';
import { fullToIntegration } from './fullToIntegration';

type Scenario = 'to' | 'from';
interface Point {
  scenario: Scenario;
  n: number;
  records: number;
  seconds: number;
  recordsPerSec: number;
  requestsPer1000: number;
  peakRssMb: number;
  stateBytesPerCoupling?: number;
}

/** One scenario at one N, in this process; prints its figures as one JSON line. */
async function measureOne(scenario: Scenario, n: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-scaling-'));
  try {
    const pair = await openBenchPair(dir, scenario === 'to' ? n : 0);
    try {
      let point: Point;
      if (scenario === 'to') {
        const records = await syncableCustomers(pair.host);
        const { fullToIntegration: one, stateBytesPerCoupling } = await fullToIntegration(pair, records);
        point = { scenario, n, records, seconds: one.seconds, recordsPerSec: one.recordsPerSec, requestsPer1000: one.requestsPer1000, peakRssMb: one.peakRssMb, stateBytesPerCoupling };
      } else {
        const two = await fullFromIntegration(pair, n);
        point = { scenario, n, records: two.records, seconds: two.seconds, recordsPerSec: two.recordsPerSec, requestsPer1000: two.requestsPer1000, peakRssMb: two.peakRssMb };
      }
      console.log(`POINT ${JSON.stringify(point)}`);
    } finally {
      await pair.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listOption(args: readonly string[], flag: string, fallback: string): string[] {
  const at = args.indexOf(flag);
  return (at >= 0 ? args[at + 1] ?? '' : fallback).split(',').filter(Boolean);
}

async function main(args: readonly string[]): Promise<void> {
  if (args[0] === '--one') return measureOne(args[1] as Scenario, Number(args[2]));
  const sizes = listOption(args, '--n', '10000,100000,1000000').map(Number);
  const scenarios = listOption(args, '--scenarios', 'to,from') as Scenario[];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || scenarios.some((s) => s !== 'to' && s !== 'from')) {
    throw new Error('usage: pnpm bench:scaling [--n 10000,100000,1000000] [--scenarios to,from]');
  }
  const points: Point[] = [];
  for (const scenario of scenarios) {
    for (const n of sizes) {
      const started = Date.now();
      const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', scenario, String(n)], {
        cwd: resolve(import.meta.dirname, '..'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = output.split('\n').find((l) => l.startsWith('POINT '));
      if (!line) throw new Error(`no figures from ${scenario} at N = ${n}:\n${output}`);
      const point = JSON.parse(line.slice('POINT '.length)) as Point;
      points.push(point);
      console.log(
        `${scenario === 'to' ? 'fullToIntegration  ' : 'fullFromIntegration'} N = ${n.toLocaleString('en-US').padStart(9)}: ` +
          `${Math.round(point.recordsPerSec).toLocaleString('en-US').padStart(6)} rows/s, peak RSS ${Math.round(point.peakRssMb)} MB, ` +
          `${point.requestsPer1000.toFixed(2)} requests/1000` +
          (point.stateBytesPerCoupling === undefined ? '' : `, ${Math.round(point.stateBytesPerCoupling)} state bytes/coupling`) +
          ` (${Math.round((Date.now() - started) / 1000)} s with setup)`,
      );
    }
  }
  const out = resolve(import.meta.dirname, 'results', 'scaling.json');
  mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ cores: availableParallelism(), node: process.version, date: new Date().toISOString(), points }, null, 2)}\n`);
  console.log(`written to ${out}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
