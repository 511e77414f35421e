import { afterEach, describe, expect, it } from 'vitest';
import {
  customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describe('failed records (6j)', () => {
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
    expect(second).toMatchObject({ failed: 1, modified: 1 });
    let [coupling] = (await db.host.state.listCouplings('CUSTOMER')).filter((c) => c.businessId === 'C0002');
    expect(coupling).toMatchObject({ skipped: true, failureCount: 2, lastResultToIntegration: 'failure' });

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
    [coupling] = (await db.host.state.listCouplings('CUSTOMER')).filter((c) => c.businessId === 'C0002');
    expect(coupling).toMatchObject({ skipped: false, failureCount: 0, lastResultToIntegration: 'success' });
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
    await db.host.engine.fullSync('CUSTOMER');
    await db.host.engine.run('CUSTOMER');
    await db.host.engine.run('CUSTOMER');
    const couplings = await db.host.state.listCouplings('CUSTOMER');
    expect(couplings.find((c) => c.businessId === 'C0001')).toMatchObject({ skipped: false, failureCount: 3 });
    expect(couplings.find((c) => c.businessId === 'C0002')).toMatchObject({ skipped: true, failureCount: 1 });
    const errors = await db.host.state.jobErrors();
    expect(errors.find((e) => e.sourceId === 'C0001')!.errorClass).toBe('transient');
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
      });
    })]);
    // W's city is longer than the CRM column allows: it fails when written.
    await insertCustomers(db.host, [{ name: 'A' }, { name: 'X' }, { name: 'H' }, { name: 'W', city: 'y'.repeat(81) }, { name: 'Z' }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 3 });
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['A', 'Z']);
    const errors = await db.host.state.jobErrors(job!.id);
    const bySource = Object.fromEntries(errors.map((e) => [e.sourceId, e]));
    expect(bySource.C0002!.message).toMatch(/transformation failed: X is not allowed/);
    expect(bySource.C0003!.message).toMatch(/Hook onBeforeInsert, tap "Picky" failed: H is refused/);
    expect(bySource.C0003!.code).toBe('TANDEM_HOOK_FAILED');
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
    const [error] = await db.host.state.jobErrors(job!.id);
    expect(error).toMatchObject({ sourceId: 'C0002', destinationId: null });
    expect(error!.message).toMatch(/NOT NULL/i);
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['Good1', 'Good2']);
  });
});
