import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, TandemError, Worker, type PluginJobContext, type PluginJobDefinition } from '../src/index';
import { ShiftedClock } from './fixtures/scheduler';
import { customerMapping, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  await db?.close();
  worker = db = undefined;
});

const CUSTOMER = customerMapping({ direction: 'toIntegration', schedule: { intervalSeconds: 60, inactivityTimeoutSeconds: 3600 } });

/** A job that records each run's context and does what `body` says. */
function recordingJob(name: string, body: (context: PluginJobContext) => Promise<void> | void = () => {}) {
  const runs: { watermark: Date | null }[] = [];
  const job: PluginJobDefinition = {
    name, description: 'test job', schedule: { intervalSeconds: 300 },
    async run(context) {
      runs.push({ watermark: context.watermark });
      await body(context);
    },
  };
  return { job, runs };
}

describe('plugin jobs (registry.addJob, host.jobs, the worker)', () => {
  it('run on demand as a recorded job with counters, errors with their codes, and a watermark for the next run', async () => {
    const { job, runs } = recordingJob('STATS', (context) => {
      context.counters.modified += 2;
      context.fail('C7', new TandemError(ErrorCodes.RECORD_NOT_FOUND, 'customer C7 has no statistics row'));
      context.setWatermark(new Date('2026-01-02T03:04:05.000Z'));
    });
    db = await twoDatabases([testPlugin([CUSTOMER], (registry) => registry.addJob(job))]);
    expect(db.host.jobs.all().map((j) => [j.name, j.plugin])).toEqual([['STATS', 'TestPlugin']]);

    const first = await db.host.jobs.run('STATS');
    expect(first).toMatchObject({ mapping: 'STATS', direction: 'toIntegration', modified: 2, failed: 1, message: null });
    expect(first.finishedAt).not.toBeNull();
    const [stored] = (await db.host.state.jobs('STATS'));
    expect(stored).toMatchObject({ id: first.id, modified: 2, failed: 1 });
    expect((await db.host.state.errors('STATS')).map((e) => [e.jobId, e.sourceId, e.code, e.message])).toEqual([
      [first.id, 'C7', ErrorCodes.RECORD_NOT_FOUND, 'customer C7 has no statistics row'],
    ]);
    await db.host.jobs.run('STATS');
    expect(runs.map((r) => r.watermark?.toISOString() ?? null)).toEqual([null, '2026-01-02T03:04:05.000Z']);
  });

  it('a run that throws is recorded with its message, keeps the old watermark, and is rethrown', async () => {
    let fail = false;
    const { job, runs } = recordingJob('FLAKY', () => {
      if (fail) throw new Error('CRM is down');
    });
    db = await twoDatabases([testPlugin([CUSTOMER], (registry) => registry.addJob(job))]);
    const ok = await db.host.jobs.run('FLAKY');
    fail = true;
    await expect(db.host.jobs.run('FLAKY')).rejects.toThrow('CRM is down');
    fail = false;
    await db.host.jobs.run('FLAKY');
    expect(runs[2]!.watermark!.getTime()).toBe(ok.startedAt.getTime());
    expect((await db.host.state.jobs('FLAKY')).map((j) => j.message)).toContain('the job stopped: CRM is down');
    await expect(db.host.jobs.run('NOPE')).rejects.toMatchObject({ code: ErrorCodes.JOB_NOT_FOUND, message: expect.stringContaining('FLAKY') });
  });

  it('the worker runs a due job after the mappings, every intervalSeconds, and backs off when it throws', async () => {
    let fail = false;
    const { job, runs } = recordingJob('STATS', () => {
      if (fail) throw new Error('boom');
    });
    db = await twoDatabases([testPlugin([CUSTOMER], (registry) => registry.addJob(job))]);
    const clock = new ShiftedClock();
    worker = new Worker(db.host, { clock });
    expect((await worker.tick()).ran).toEqual(['CUSTOMER', 'STATS']);
    const [entry] = await db.host.state.scheduleEntries('STATS');
    expect(entry!.nextRunAt!.getTime() - clock.now().getTime()).toBeGreaterThan(299_000);
    clock.advance(61);
    expect((await worker.tick()).ran).toEqual(['CUSTOMER']);
    clock.advance(300);
    fail = true;
    await worker.tick();
    const [failed] = await db.host.state.scheduleEntries('STATS');
    expect(failed).toMatchObject({ status: 'error', failureCount: 1, lastError: expect.stringContaining('boom') });
    expect(runs).toHaveLength(2);
  });

  it('refuses a malformed job or one named like a mapping at boot', async () => {
    const bad = (job: unknown) => twoDatabases([testPlugin([CUSTOMER], (registry) => registry.addJob(job as PluginJobDefinition))]);
    await expect(bad({ name: 'X', schedule: { intervalSeconds: 0 }, run: async () => {} })).rejects.toMatchObject({
      code: ErrorCodes.PLUGIN_INVALID, message: expect.stringContaining('intervalSeconds must be a positive whole number'),
    });
    await expect(bad({ name: 'X', schedule: { intervalSeconds: 60 } })).rejects.toThrow('run must be a function');
    await expect(bad({ name: 'CUSTOMER', schedule: { intervalSeconds: 60 }, run: async () => {} })).rejects.toThrow('has the name of a mapping');
    await expect(
      twoDatabases([testPlugin([CUSTOMER], (registry) => {
        registry.addJob({ name: 'A', schedule: { intervalSeconds: 60 }, run: async () => {} });
        registry.addJob({ name: 'A', schedule: { intervalSeconds: 60 }, run: async () => {} });
      })]),
    ).rejects.toThrow('job "A" is already registered');
  });
});

describe('state.refreshStamps', () => {
  it('moves the chosen side stamp of the given couplings only', async () => {
    db = await twoDatabases([testPlugin([CUSTOMER])]);
    await db.host.state.pairDirectly('CUSTOMER', 'b1', 'i1');
    await db.host.state.pairDirectly('CUSTOMER', 'b2', 'i2');
    const [one, two] = await db.host.state.couplings('CUSTOMER');
    const at = new Date('2026-05-05T05:05:05.000Z');
    expect(await db.host.state.refreshStamps('CUSTOMER', 'integration', new Map([[one!.id, at]]))).toBe(1);
    expect((await db.host.state.findCoupling('CUSTOMER', 'business', 'b1'))!.integrationModifiedOn).toEqual(at);
    expect((await db.host.state.findCoupling('CUSTOMER', 'business', 'b1'))!.businessModifiedOn).toEqual(one!.businessModifiedOn);
    expect((await db.host.state.findCoupling('CUSTOMER', 'business', 'b2'))!.integrationModifiedOn).toEqual(two!.integrationModifiedOn);
  });
});
