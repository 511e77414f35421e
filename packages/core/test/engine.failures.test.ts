import { TandemError } from '../src/index';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../src/testing/index';
import {
  customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration, twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describeOnBothDatabases('failed records (6j)', () => {
  it('are retried first on the next run; the same error twice parks them; restore un-skips', async () => {
    let failFor = new Set(['C0002']);
    const attempts: string[] = [];
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Gate', (ctx) => {
        attempts.push(ctx.source.id);
        if (failFor.has(ctx.source.id)) throw new Error(`cannot take ${ctx.source.id}`);
      });
    })]);
    await insertCustomers(db.host, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
    const [first] = await db.host.engine.fullSync('CUSTOMER');
    expect(first).toMatchObject({ inserted: 2, failed: 1 });

    // Nothing changed, but the failed record is retried — first, before any changed row.
    attempts.length = 0;
    await touchBusiness(db.host, 'Customer', 'C0003', { name: 'C2' }, later());
    const [second] = await db.host.engine.run('CUSTOMER');
    expect(attempts[0]).toBe('C0002');
    // The run that parks a record counts it as skipped, not failed (BC's job counters); its error is still logged.
    expect(second).toMatchObject({ failed: 0, skipped: 1, modified: 1 });
    expect((await db.host.state.errors('CUSTOMER', { jobId: second!.id })).map((e) => e.sourceId)).toEqual(['C0002']);
    let [coupling] = (await db.host.state.couplings('CUSTOMER')).filter((c) => c.businessId === 'C0002');
    expect(coupling).toMatchObject({ skipped: true, failureCountToIntegration: 2, lastErrorToIntegration: 'Hook onBeforeInsert, tap "Gate" failed: cannot take C0002', lastResultToIntegration: 'failure' });

    // Parked: not attempted, counted as skipped.
    attempts.length = 0;
    const [third] = await db.host.engine.run('CUSTOMER');
    expect(attempts).toEqual([]);
    await touchBusiness(db.host, 'Customer', 'C0002', { name: 'B2' }, later(20));
    const [fourth] = await db.host.engine.run('CUSTOMER');
    expect(third!.failed + fourth!.failed).toBe(0);
    expect(fourth).toMatchObject({ skipped: 1 });

    failFor = new Set();
    expect(await db.host.engine.restore('CUSTOMER', { businessId: 'C0002' })).toBe(1);
    const [fifth] = await db.host.engine.run('CUSTOMER');
    expect(fifth).toMatchObject({ inserted: 1, failed: 0 });
    [coupling] = (await db.host.state.couplings('CUSTOMER')).filter((c) => c.businessId === 'C0002');
    expect(coupling).toMatchObject({ skipped: false, failureCountToIntegration: 0, lastErrorToIntegration: null, lastResultToIntegration: 'success' });
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['A', 'B2', 'C2']);
  });

  it('transient errors never park a record; onRecordError can park one at once', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Flaky', (ctx) => {
        throw Object.assign(new Error(`busy ${ctx.source.values.name}`), { kind: ctx.source.id === 'C0001' ? 'transient' : 'validation' });
      });
      registry.hooks.onRecordError.for('CUSTOMER').tap('Classifier', (ctx) => (ctx.errorClass === 'validation' ? 'skip' : undefined));
    })]);
    await insertCustomers(db.host, [{ name: 'A' }, { name: 'B' }]);
    const [first] = await db.host.engine.fullSync('CUSTOMER');
    expect(first).toMatchObject({ failed: 1, skipped: 1 });
    await db.host.engine.run('CUSTOMER');
    await db.host.engine.run('CUSTOMER');
    const couplings = await db.host.state.couplings('CUSTOMER');
    expect(couplings.find((c) => c.businessId === 'C0001')).toMatchObject({ skipped: false, failureCountToIntegration: 3 });
    expect(couplings.find((c) => c.businessId === 'C0002')).toMatchObject({ skipped: true, failureCountToIntegration: 1 });
    const errors = await db.host.state.errors();
    expect(errors.find((e) => e.sourceId === 'C0001')!.errorClass).toBe('transient');
  });
});

describeOnBothDatabases('"the same error twice" per direction (issue 6, A2)', () => {
  it('a record failing both ways of a bidirectional mapping is parked on its second run; restore gives it a real retry', async () => {
    // A window of a minute: every run reads the record again on both sides (without it, whether the reverse pass of
    // the second run meets the record its first pass just parked depends on how long ago the first run read it).
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional', overlapMs: 60_000 })], (registry) => {
      registry.hooks.onBeforeModify.for('CUSTOMER').tap('Refuse', (ctx) => {
        throw new Error(`refused ${ctx.direction}`); // a different message per direction
      });
    })]);
    await insertCustomers(db.host, [{ name: 'A' }]);
    await db.host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    const [account] = await integrationRows(db.integrationOrm);
    await touchBusiness(db.host, 'Customer', 'C0001', { name: 'A2' }, later());
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '555' }, later(5));

    const first = await db.host.engine.run('CUSTOMER');
    expect(first.map((j) => [j.direction, j.failed, j.skipped])).toEqual([['toIntegration', 1, 0], ['fromIntegration', 1, 0]]);
    const second = await db.host.engine.run('CUSTOMER');
    expect(second.map((j) => [j.direction, j.failed, j.skipped])).toEqual([['toIntegration', 0, 1], ['fromIntegration', 0, 1]]);
    let [coupling] = await db.host.state.couplings('CUSTOMER');
    expect(coupling).toMatchObject({
      skipped: true, failureCountToIntegration: 2, failureCountFromIntegration: 1,
      lastErrorToIntegration: expect.stringMatching(/refused toIntegration/), lastErrorFromIntegration: expect.stringMatching(/refused fromIntegration/),
    });
    const third = await db.host.engine.run('CUSTOMER');
    expect(third.map((j) => j.failed)).toEqual([0, 0]);

    // Restore forgets the last errors: the same failure once more is a real retry, not an instant park.
    expect(await db.host.engine.restore('CUSTOMER')).toBe(1);
    [coupling] = await db.host.state.couplings('CUSTOMER');
    expect(coupling).toMatchObject({ skipped: false, lastErrorToIntegration: null, lastErrorFromIntegration: null, failureCountToIntegration: 0 });
    const fourth = await db.host.engine.run('CUSTOMER');
    expect(fourth.map((j) => [j.failed, j.skipped])).toEqual([[1, 0], [1, 0]]);
    const fifth = await db.host.engine.run('CUSTOMER');
    expect(fifth.map((j) => [j.failed, j.skipped])).toEqual([[0, 1], [0, 1]]);
  });
});

describe('a record that throws (6n)', () => {
  it('in a hook, a transform, or on write: logged as a SyncJobError, and the rest of the page is written', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration',
      fields: [
        { business: 'name', integration: 'name', transform: [{ rule: 'explodeOnX' }] },
        { business: 'city', integration: 'address1_city' },
      ],
    })], (registry) => {
      registry.addTransformationRule('explodeOnX', (value) => {
        if (value === 'X') throw new Error('X is not allowed');
        return value;
      });
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Picky', (ctx) => {
        if (ctx.source.values.name === 'H') throw new Error('H is refused');
        if (ctx.source.values.name === 'Z') throw new TandemError('TANDEM_PICKY_NO_Z', 'Z is refused by a rule of the plugin');
      });
    })]);
    // W's city is longer than the CRM column allows: it fails when written.
    await insertCustomers(db.host, [{ name: 'A' }, { name: 'X' }, { name: 'H' }, { name: 'W', city: 'y'.repeat(81) }, { name: 'Z' }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, failed: 4 });
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['A']);
    const errors = await db.host.state.errors(job!.mapping, { jobId: job!.id });
    const bySource = Object.fromEntries(errors.map((e) => [e.sourceId, e]));
    expect(bySource.C0002!.message).toMatch(/transformation failed: X is not allowed/);
    expect(bySource.C0003!.message).toMatch(/Hook onBeforeInsert, tap "Picky" failed: H is refused/);
    expect(bySource.C0003!.code).toBe('TANDEM_HOOK_FAILED');
    // A plugin's own rule keeps its code when a hook throws it; the message still names the hook and the tap.
    expect(bySource.C0005).toMatchObject({ code: 'TANDEM_PICKY_NO_Z', message: expect.stringMatching(/Hook onBeforeInsert, tap "Picky" failed: Z is refused/) });
    expect(bySource.C0004!.message).toMatch(/"address1_city".*more than its maximum of 80/);
    expect(errors.every((e) => e.jobId === job!.id && e.mapping === 'CUSTOMER' && e.stack)).toBe(true);
  });

  it('a write rejected by the destination database fails only its record', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })], (registry) => {
      // Provoke a NOT NULL violation for one row at write time.
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Breaker', (ctx) => {
        if (ctx.source.values.name === 'Bad') ctx.values.name = null;
      });
    })]);
    await insertCustomers(db.host, [{ name: 'Good1' }, { name: 'Bad' }, { name: 'Good2' }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 1 });
    const [error] = await db.host.state.errors(job!.mapping, { jobId: job!.id });
    expect(error).toMatchObject({ sourceId: 'C0002', destinationId: null });
    expect(error!.message).toMatch(/NOT NULL/i);
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['Good1', 'Good2']);
  });
});
