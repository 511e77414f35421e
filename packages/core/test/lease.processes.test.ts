import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../src/index';
import { customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

const root = resolve(import.meta.dirname, '../../..');
let db: TwoDatabases | undefined;
let dir: string;
afterEach(async () => {
  await db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

interface Child {
  lines: string[];
  output: () => string;
  /** Resolves when a line starting with `prefix` was printed. */
  line(prefix: string): Promise<string>;
  exited: Promise<number | null>;
}

/** Starts test/fixtures/leasedRun.ts in its own process (tsx), collecting its output line by line. */
function start(files: { business: string; integration: string; release: string }, mode: 'run' | 'crash', waitMs = 0): Child {
  const child = spawn(process.execPath, [
    join(root, 'node_modules/tsx/dist/cli.mjs'), 'packages/core/test/fixtures/leasedRun.ts', files.business, files.integration, files.release, mode, String(waitMs),
  ], { cwd: root });
  const lines: string[] = [];
  let all = '';
  const waiting: { prefix: string; resolve: (line: string) => void }[] = [];
  const take = (chunk: Buffer) => {
    all += chunk.toString();
    const parts = all.split('\n');
    for (const line of parts.slice(lines.length, -1)) {
      lines.push(line);
      for (const w of waiting.filter((w) => line.startsWith(w.prefix))) w.resolve(line);
    }
  };
  let errors = '';
  child.stdout.on('data', take);
  child.stderr.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    lines,
    output: () => all + errors,
    line: (prefix) => {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found) return Promise.resolve(found);
      return Promise.race([
        new Promise<string>((resolve) => waiting.push({ prefix, resolve })),
        exited.then(() => lines.find((l) => l.startsWith(prefix)) ?? Promise.reject(new Error(`process ended without "${prefix}":\n${all}${errors}`))),
      ]);
    },
    exited,
  };
}

const resultOf = async (child: Child) => JSON.parse((await child.line('result ')).slice('result '.length)) as {
  ok: boolean; code?: string; message?: string; jobs?: { inserted: number; failed: number; message: string | null }[];
};

async function prepare(count: number) {
  dir = mkdtempSync(join(tmpdir(), 'tandem-lease-'));
  const files = { business: join(dir, 'business.sqlite'), integration: join(dir, 'crm.sqlite'), release: join(dir, 'release') };
  db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false })])], { businessFile: files.business, integrationFile: files.integration });
  await insertCustomers(db.host, Array.from({ length: count }, (_, i) => ({ name: `Customer ${i + 1}` })));
  return files;
}

describe('one mapping never runs twice at once: two processes on one SQLite file', () => {
  it('exactly one runs, the other stops at once with TANDEM_MAPPING_BUSY, a run with waitMs waits and then runs; no unique-constraint error; every job row finished', async () => {
    const files = await prepare(20);
    const a = start(files, 'run');
    const b = start(files, 'run');
    const [first] = await Promise.race([a.line('holding').then(() => [a, b]), b.line('holding').then(() => [b, a])]) as [Child, Child];
    const second = first === a ? b : a;
    const busy = await resultOf(second); // it does not wait: it is done while the first still holds the lease

    // This test's process waits for the lease; the holder finishes only after it started waiting.
    const started = Date.now();
    const waiting = db!.host.engine.fullSync('CUSTOMER', { waitMs: 20_000 });
    setTimeout(() => writeFileSync(files.release, ''), 500);
    const [waited] = await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    const done = await resultOf(first);
    await Promise.all([a.exited, b.exited]);

    expect(done).toMatchObject({ ok: true, jobs: [{ inserted: 20, failed: 0, message: null }] });
    expect(busy.ok).toBe(false);
    expect(busy.code).toBe(ErrorCodes.MAPPING_BUSY);
    const holderPid = (await first.line('booted ')).split(' ')[1];
    expect(busy.message).toMatch(new RegExp(`^mapping "CUSTOMER" is already running: [^ ]+:${holderPid}:[0-9a-f]{8} holds its lease until \\d{4}-\\d\\d-\\d\\dT`));
    expect(busy.message).toContain('pass waitMs to wait');
    expect(waited).toMatchObject({ inserted: 0, failed: 0, unchanged: 20 }); // ran after the holder: nothing made twice
    for (const child of [a, b]) expect(child.output()).not.toMatch(/UniqueConstraint|UNIQUE constraint/i);

    expect(await integrationRows(db!.integrationOrm)).toHaveLength(20);
    expect((await db!.host.state.couplings('CUSTOMER')).filter((c) => c.integrationId)).toHaveLength(20);
    const jobs = await db!.host.state.jobs('CUSTOMER');
    expect(jobs).toHaveLength(2); // the holder's and the waiting one's; the busy run never started a job
    expect(jobs.every((j) => j.finishedAt !== null && j.failed === 0)).toBe(true);
    expect(await db!.host.leases.current('CUSTOMER')).toBeNull(); // released at the end
  }, 90_000);
});
