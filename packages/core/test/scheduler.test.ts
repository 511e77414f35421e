import { afterEach, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../src/testing/index';
import { Worker, type ScheduleEntry, type TableMappingDefinition } from '../src/index';
import { recordingLogger, ShiftedClock, waitFor } from './fixtures/scheduler';
import { customerMapping, insertCustomers, integrationRows, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

const SALESPEOPLE: TableMappingDefinition = {
  name: 'SALESPEOPLE', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'toIntegration', syncOnlyCoupled: false,
  fields: [{ business: 'name', integration: 'fullname' }], schedule: { intervalSeconds: 120, inactivityTimeoutSeconds: 3600 },
};
const CUSTOMER = customerMapping({
  direction: 'toIntegration', syncOnlyCoupled: false, dependsOn: ['SALESPEOPLE'], schedule: { intervalSeconds: 60, inactivityTimeoutSeconds: 3600 },
});

let db: TwoDatabases | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  await db?.close();
  worker = db = undefined;
});

async function entry(name: string): Promise<ScheduleEntry> {
  const [found] = await db!.host.state.scheduleEntries(name);
  return found!;
}

async function insertSalespeople(codes: string[]): Promise<void> {
  await db!.host.orm.em.fork().insertMany('Salesperson', codes.map((code) => ({ code, name: `Salesperson ${code}`, modifiedOn: new Date(), modifiedBy: 'user' })));
}

describeOnBothDatabases('Worker: the schedule', () => {
  it('runs due mappings in dependency order and sets lastRunAt / nextRunAt from the interval', async () => {
    // CUSTOMER is registered first but depends on SALESPEOPLE.
    db = await twoDatabases([testPlugin([CUSTOMER, SALESPEOPLE])]);
    await insertSalespeople(['S1']);
    await insertCustomers(db.host, [{ name: 'Alpha' }]);
    const clock = new ShiftedClock();
    worker = new Worker(db.host, { clock });
    expect((await worker.tick()).ran).toEqual(['SALESPEOPLE', 'CUSTOMER']);
    const jobs = await db.host.state.jobs();
    expect(jobs.map((j) => [j.mapping, j.inserted])).toEqual([['SALESPEOPLE', 1], ['CUSTOMER', 1]]);
    const customer = await entry('CUSTOMER');
    expect(customer.status).toBe('ready');
    expect(customer.nextRunAt!.getTime() - customer.lastRunAt!.getTime()).toBeGreaterThanOrEqual(60_000);
    expect(customer.nextRunAt!.getTime() - clock.now().getTime()).toBeGreaterThan(59_000);

    expect((await worker.tick()).ran).toEqual([]); // nothing due yet
    clock.advance(61);
    expect((await worker.tick()).ran).toEqual(['CUSTOMER']); // 60 s interval; SALESPEOPLE waits for its 120 s
    clock.advance(60);
    expect((await worker.tick()).ran).toEqual(['SALESPEOPLE', 'CUSTOMER']);
  });

  it('leaves disabled mappings out and follows later schedule setting changes', async () => {
    db = await twoDatabases([testPlugin([CUSTOMER, SALESPEOPLE])]);
    const clock = new ShiftedClock();
    worker = new Worker(db.host, { clock });
    await db.host.mappings.setEnabled('SALESPEOPLE', false);
    expect((await worker.tick()).ran).toEqual(['CUSTOMER']);

    await db.host.mappings.update('CUSTOMER', { schedule: { intervalSeconds: 5, inactivityTimeoutSeconds: 600 } });
    const changed = await entry('CUSTOMER');
    expect([changed.intervalSeconds, changed.inactivityTimeoutSeconds]).toEqual([5, 600]);
    clock.advance(6); // the shorter interval applies to the next run already
    expect((await worker.tick()).ran).toEqual(['CUSTOMER']);
    await db.host.mappings.reset('CUSTOMER');
    expect((await entry('CUSTOMER')).intervalSeconds).toBe(60);
  });

  it('a failing mapping backs off (30 s, 60 s, …), reports, and never stops the others', async () => {
    const failing = { on: true };
    db = await twoDatabases([testPlugin([CUSTOMER, { ...SALESPEOPLE, schedule: { intervalSeconds: 1, inactivityTimeoutSeconds: 3600 } }], (registry) => {
      registry.hooks.onJobStart.for('SALESPEOPLE').tapPromise('Broken', async () => {
        if (failing.on) throw new Error('the CRM refused the salespeople');
      });
    })]);
    await insertCustomers(db.host, [{ name: 'Alpha' }]);
    const clock = new ShiftedClock();
    const logger = recordingLogger();
    worker = new Worker(db.host, { clock, logger });

    expect((await worker.tick()).ran).toEqual(['CUSTOMER']);
    let salespeople = await entry('SALESPEOPLE');
    expect(salespeople).toMatchObject({ status: 'error', failureCount: 1 });
    expect(salespeople.lastError).toContain('the CRM refused the salespeople');
    // Whole seconds from now, rounded up: reading the entry back took a few hundred ms of them on a loaded machine.
    expect(Math.ceil((salespeople.nextRunAt!.getTime() - clock.now().getTime()) / 1000)).toBe(30);
    expect(logger.lines.find((l) => l.level === 'error' && l.bindings.mapping === 'SALESPEOPLE')?.message).toContain('next try in 30 s');

    clock.advance(31);
    await worker.tick();
    salespeople = await entry('SALESPEOPLE');
    expect(salespeople.failureCount).toBe(2);
    expect(Math.ceil((salespeople.nextRunAt!.getTime() - clock.now().getTime()) / 1000)).toBe(60);

    clock.advance(61); // CUSTOMER (60 s) is due again and runs while SALESPEOPLE keeps failing
    expect((await worker.tick()).ran).toEqual(['CUSTOMER']);
    expect((await entry('SALESPEOPLE')).failureCount).toBe(3);

    failing.on = false;
    clock.advance(121);
    expect((await worker.tick()).ran).toEqual(['SALESPEOPLE', 'CUSTOMER']);
    expect(await entry('SALESPEOPLE')).toMatchObject({ status: 'ready', failureCount: 0, lastError: null });
  });
});

describe('Worker options', () => {
  it('refuses bad timings with TANDEM_CONFIG_INVALID, naming each', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    expect(() => new Worker(db!.host, { pollMs: 0, backoff: { initialSeconds: 60, maxSeconds: 10 } })).toThrow(
      expect.objectContaining({
        code: 'TANDEM_CONFIG_INVALID',
        message: expect.stringMatching(/pollMs must be a positive number of milliseconds, got 0.*backoff.maxSeconds must be at least initialSeconds, got 10/),
      }),
    );
  });
});

describeOnBothDatabases('Worker: inactivity', () => {
  it('goes on hold after the inactivity timeout without changes, runs again when it passes, and a business change wakes it within 2 s', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration', syncOnlyCoupled: false, schedule: { intervalSeconds: 1, inactivityTimeoutSeconds: 60 },
    })])]);
    await insertCustomers(db.host, [{ name: 'Alpha' }, { name: 'Beta' }]);
    const clock = new ShiftedClock();
    worker = new Worker(db.host, { clock });

    await worker.tick(); // inserts both: a change
    clock.advance(2);
    await worker.tick(); // idle, but only 2 s of the 60
    expect((await entry('CUSTOMER')).status).toBe('ready');
    clock.advance(60);
    await worker.tick(); // idle for 60 s: on hold
    const held = await entry('CUSTOMER');
    expect(held.status).toBe('onHoldInactivity');
    expect(Math.round((held.nextRunAt!.getTime() - clock.now().getTime()) / 1000)).toBe(60);
    clock.advance(5);
    expect((await worker.tick()).ran).toEqual([]); // the interval no longer applies
    clock.advance(60);
    expect((await worker.tick()).ran).toEqual(['CUSTOMER']); // the timeout passed: one run, still nothing: on hold again
    expect((await entry('CUSTOMER')).status).toBe('onHoldInactivity');

    worker.start(); // real timers from here: the loop looks every second
    await new Promise((resolve) => setTimeout(resolve, 300));
    const changedAt = Date.now();
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Lyon' });
    const waited = await waitFor(async () => (await integrationRows(db!.integrationOrm)).some((a) => a.address1_city === 'Lyon'));
    const latency = Date.now() - changedAt;
    console.log(`wake-up latency (same process): ${latency} ms`);
    expect(waited).toBeLessThan(2000);
    expect(latency).toBeLessThan(2000);
    await waitFor(async () => (await entry('CUSTOMER')).status === 'ready');
  });
});
