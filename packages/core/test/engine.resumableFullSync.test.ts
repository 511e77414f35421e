import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FULL_SYNC_STARTED } from '../src/index';
import { customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

const root = resolve(import.meta.dirname, '../../..');
let db: TwoDatabases | undefined;
let dir: string | undefined;
let killed: { business: string; integration: string } | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const plugin = (extra?: Parameters<typeof testPlugin>[1]) => testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 10 })], extra);
const customers = (n: number) => Array.from({ length: n }, (_, i) => ({ no: `C${String(i).padStart(3, '0')}`, name: `Customer ${i}` }));

/** 45 customers, then a full sync killed (SIGKILL) by the test after its second committed page of 10. */
async function killMidSync(): Promise<{ business: string; integration: string }> {
  const files = { business: join(dir!, 'business.sqlite'), integration: join(dir!, 'crm.sqlite') };
  db = await twoDatabases([plugin()], { businessFile: files.business, integrationFile: files.integration });
  await insertCustomers(db.host, customers(45));
  await db.close();
  db = undefined;
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'packages/core/test/fixtures/stalledFullSync.ts', files.business, files.integration], { cwd: root });
  let output = '';
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('committed 2')) ready();
    });
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    void exited.then(() => fail(new Error(`the child ended before its second page:\n${output}`)));
  });
  // The syncing process itself (tsx's child), not only the tsx wrapper.
  process.kill(Number(/committed 2 pid (\d+)/.exec(output)![1]), 'SIGKILL');
  await exited;
  return files;
}

/** A copy of the killed sync's databases, for one test. */
function killedMidSync(name: string): { business: string; integration: string } {
  const copy = { business: join(dir!, `${name}-business.sqlite`), integration: join(dir!, `${name}-crm.sqlite`) };
  for (const [from, to] of [[killed!.business, copy.business], [killed!.integration, copy.integration]] as const) {
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
  return copy;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-resume-'));
  killed = await killMidSync();
}, 60_000);

describe('a full sync resumes from its last committed page (issue 8)', () => {
  it('killed mid-sync, the next full sync continues after page 2 and does not redo it', async () => {
    const files = killedMidSync('full');
    db = await twoDatabases([plugin()], { businessFile: files.business, integrationFile: files.integration });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(20);
    const progress = (await db.host.state.mappingState('CUSTOMER'))!.toIntegrationFullSync;
    expect(progress).toMatchObject({ id: 'C019' });
    let read = 0;
    db.host.hooks.onAfterCommit.for('CUSTOMER').tap('Count', (ctx) => void (read += ctx.outcomes.length));
    const [job] = await db.host.engine.fullSync('CUSTOMER', { direction: 'toIntegration', waitMs: 5_000 });
    expect(job).toMatchObject({ inserted: 25, unchanged: 0, modified: 0, failed: 0 });
    expect(read).toBe(25); // pages 1 and 2 were not read again
    expect(job!.message).toMatch(/continued an unfinished full sync after .* C019/);
    expect(await integrationRows(db.integrationOrm)).toHaveLength(45);
    expect((await db.host.state.mappingState('CUSTOMER'))!.toIntegrationFullSync).toBeNull();
  });

  it('killed mid-sync, a regular run does not take it for finished: it completes the full sync', async () => {
    const files = killedMidSync('regular');
    db = await twoDatabases([plugin()], { businessFile: files.business, integrationFile: files.integration });
    // CUSTOMER is syncOnlyCoupled: a regular run alone would create nothing.
    const [job] = await db.host.engine.run('CUSTOMER', { waitMs: 5_000 });
    expect(job).toMatchObject({ inserted: 25, failed: 0 });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(45);
    const [next] = await db.host.engine.run('CUSTOMER');
    expect(next).toMatchObject({ inserted: 0, modified: 0, message: null });
  });

  it('a full sync stopped on request resumes too; started but with no page committed, it starts over', async () => {
    db = await twoDatabases([plugin()]);
    await insertCustomers(db.host, customers(25));
    const stop = new AbortController();
    db.host.hooks.onAfterCommit.for('CUSTOMER').tap('Stop', () => stop.abort());
    const [stopped] = await db.host.engine.fullSync('CUSTOMER', { signal: stop.signal });
    expect(stopped).toMatchObject({ inserted: 10 });
    expect((await db.host.state.mappingState('CUSTOMER'))!.toIntegrationFullSync).toMatchObject({ id: 'C009' });
    const [resumed] = await db.host.engine.fullSync('CUSTOMER');
    expect(resumed).toMatchObject({ inserted: 15, unchanged: 0 });

    await db.host.state.setFullSyncProgress('CUSTOMER', 'toIntegration', FULL_SYNC_STARTED);
    const [again] = await db.host.engine.run('CUSTOMER');
    expect(again).toMatchObject({ inserted: 0, unchanged: 25, message: 'continued an unfinished full sync from the start' });
  });
});
