import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STOPPED_MESSAGE, Worker } from '../src/index';
import { ShiftedClock, waitFor } from './fixtures/scheduler';
import { tsxProcess } from './fixtures/tsxProcess';
import { customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let dbs: TwoDatabases[] = [];
let workers: Worker[] = [];
let dir: string;
afterEach(async () => {
  for (const worker of workers) await worker.stop();
  for (const db of dbs) await db.close();
  dbs = [];
  workers = [];
  rmSync(dir, { recursive: true, force: true });
});

function files() {
  dir = mkdtempSync(join(tmpdir(), 'tandem-scheduler-'));
  return { businessFile: join(dir, 'business.sqlite'), integrationFile: join(dir, 'crm.sqlite') };
}

describe('Worker across processes', () => {
  it('a customer inserted by another process through the ORM wakes an on-hold mapping within 2 s', async () => {
    const paths = files();
    const db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration', syncOnlyCoupled: false, schedule: { intervalSeconds: 1, inactivityTimeoutSeconds: 60 },
    })])], paths);
    dbs.push(db);
    await insertCustomers(db.host, [{ name: 'Alpha' }]);
    const clock = new ShiftedClock();
    const worker = new Worker(db.host, { clock });
    workers.push(worker);
    await worker.tick();
    clock.advance(61);
    await worker.tick();
    expect((await db.host.state.scheduleEntries('CUSTOMER'))[0]!.status).toBe('onHoldInactivity');
    worker.start();

    const writer = tsxProcess('writeCustomer.ts', [paths.businessFile, 'C9001', 'Written elsewhere']);
    const { at: writtenAt } = await writer.line('written');
    expect(await writer.exited).toBe(0);
    await waitFor(async () => (await integrationRows(db.integrationOrm)).some((a) => a.name === 'Written elsewhere'), 5000);
    const latency = Date.now() - writtenAt;
    console.log(`wake-up latency (another process): ${latency} ms`);
    expect(latency).toBeLessThan(2000);
  });

  it('two workers on one file never run one mapping at once', async () => {
    const paths = files();
    let active = 0;
    let most = 0;
    const plugin = () => testPlugin([customerMapping({
      direction: 'toIntegration', syncOnlyCoupled: false, schedule: { intervalSeconds: 1, inactivityTimeoutSeconds: 3600 },
    })], (registry) => {
      registry.hooks.onJobStart.for('CUSTOMER').tapPromise('Count', async () => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 150));
      });
      registry.hooks.onJobEnd.for('CUSTOMER').tapPromise('Count', async () => void (active -= 1));
    });
    const first = await twoDatabases([plugin()], paths);
    const second = await twoDatabases([plugin()], paths);
    dbs.push(first, second);
    await insertCustomers(first.host, [{ name: 'Alpha' }]);
    workers.push(new Worker(first.host, { pollMs: 50 }).start(), new Worker(second.host, { pollMs: 50 }).start());
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const worker of workers) await worker.stop();

    const jobs = (await first.host.state.jobs('CUSTOMER')).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(jobs[i - 1]!.finishedAt!.getTime());
    expect(await first.host.leases.list()).toEqual([]);
  });

  it('SIGTERM stops a worker process after the current page, releases the lease and exits 0', async () => {
    const paths = files();
    const db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, pageSize: 2 })])], paths);
    dbs.push(db);
    await insertCustomers(db.host, Array.from({ length: 10 }, (_, i) => ({ name: `Customer ${i + 1}`, modifiedOn: new Date(Date.now() - 10_000 + i) })));

    const worker = tsxProcess('workerProcess.ts', [paths.businessFile, paths.integrationFile]);
    await worker.line('page 1');
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toBe(0);
    expect(worker.output()).toContain('stopped');
    expect(worker.output()).not.toContain('page 2');

    const jobs = await db.host.state.jobs('CUSTOMER');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ inserted: 2, message: STOPPED_MESSAGE });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(2);
    expect(await db.host.leases.list()).toEqual([]);
  });
});
