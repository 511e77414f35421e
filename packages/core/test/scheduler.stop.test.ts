import { afterEach, describe, expect, it } from 'vitest';
import { STOPPED_MESSAGE, Worker } from '../src/index';
import { ShiftedClock } from './fixtures/scheduler';
import { customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('Worker.stop', () => {
  it('during a long run finishes the current page, records the job as stopped, keeps the watermark at that page and releases the lease', async () => {
    let worker: Worker | undefined;
    let stopping: Promise<void> | undefined;
    let pages = 0;
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, pageSize: 2 })], (registry) => {
      registry.hooks.onAfterCommit.for('CUSTOMER').tapPromise('StopAfterFirstPage', async () => {
        pages += 1;
        if (pages === 1) stopping = worker!.stop(); // as SIGTERM would, while the run is on its way
      });
    })]);
    await insertCustomers(db.host, Array.from({ length: 6 }, (_, i) => ({ name: `Customer ${i + 1}`, modifiedOn: new Date(Date.now() - 10_000 + i) })));
    const clock = new ShiftedClock();
    worker = new Worker(db.host, { clock }).start();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => stopping && (clearInterval(check), resolve()), 10);
    });
    await stopping;

    expect(pages).toBe(1); // no page started after the stop request
    const jobs = await db.host.state.jobs('CUSTOMER');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ inserted: 2, message: STOPPED_MESSAGE });
    expect(jobs[0]!.finishedAt).not.toBeNull();
    expect(await integrationRows(db.integrationOrm)).toHaveLength(2);
    expect((await db.host.state.mappingState('CUSTOMER'))?.toIntegrationCursor?.id).toBe('C0002');
    expect(await db.host.leases.list()).toEqual([]);
    const [entry] = await db.host.state.scheduleEntries('CUSTOMER');
    expect(entry).toMatchObject({ status: 'ready', leasedBy: null });

    // The next worker carries on from the watermark.
    const next = new Worker(db.host, { clock });
    expect((await next.tick()).ran).toEqual(['CUSTOMER']);
    expect(await integrationRows(db.integrationOrm)).toHaveLength(6);
  });
});
