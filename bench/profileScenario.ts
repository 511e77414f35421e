// `npx tsx bench/profileScenario.ts [to|from|hooks] [N]`: one scenario of `pnpm bench` under the CPU profiler, for
// finding where the time goes. `to` = scenario 1 (ERP → CRM full sync), `from` = scenario 2 (CRM → ERP), `hooks` =
// scenario 1 with scenario 5's ten no-op taps per hook. Prints wall time, the CPU seconds of this process and of the
// emulator's, the functions with most self time and the files with most inclusive time, and writes the profile to
// /tmp/tandem-<scenario>-<N>.cpuprofile (open it in Chrome DevTools or speedscope).
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBenchPair, syncableCustomers } from './benchPair';
import { fullFromIntegration } from './fullFromIntegration';
import { fullToIntegration } from './fullToIntegration';
import { tapNoOps } from './hooksOverhead';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const scenario = process.argv[2] ?? 'to';
const n = Number(process.argv[3] ?? 10_000);
if (!['to', 'from', 'hooks'].includes(scenario) || !Number.isInteger(n) || n < 1) {
  throw new Error('usage: npx tsx bench/profileScenario.ts [to|from|hooks] [N]');
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const shortUrl = (url: string) => url.replace(/.*\/(packages|plugins|node_modules)\//, '$1/');

function summarize(profile: { nodes: ProfileNode[]; samples: number[] }): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const hits = new Map<number, number>();
  for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of hits) {
    const frame = nodes.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + count);
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) files.add(shortUrl(nodes.get(at)!.callFrame.url));
    for (const file of files) if (file) inclusive.set(file, (inclusive.get(file) ?? 0) + count);
  }
  const print = (title: string, counts: Map<string, number>) => {
    console.log(title);
    for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`${((100 * count) / profile.samples.length).toFixed(1).padStart(6)} %  ${name}`);
    }
  };
  print('self time', self);
  print('inclusive time per file', inclusive);
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
  const started = performance.now();
  await session.post('Profiler.start');
  const figures = scenario === 'from' ? await fullFromIntegration(pair, records) : await fullToIntegration(pair, records);
  const { profile } = await session.post('Profiler.stop');
  const seconds = (performance.now() - started) / 1000;
  const own = process.cpuUsage(before);
  console.log(JSON.stringify(figures));
  console.log(`wall ${seconds.toFixed(2)} s · this process ${((own.user + own.system) / 1e6).toFixed(2)} CPU s · emulator ${(cpuSecondsOf(pair.emulator.pid) - emulatorBefore).toFixed(2)} CPU s`);
  summarize(profile as unknown as { nodes: ProfileNode[]; samples: number[] });
  const file = `/tmp/tandem-${scenario}-${n}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  console.log(`profile written to ${file}`);
} finally {
  await pair.close();
}
