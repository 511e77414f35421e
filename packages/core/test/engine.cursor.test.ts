import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TableMappingDefinition } from '../src/index';
import { businessRows, customerMapping, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describe('the cursor never loses a row (6k)', () => {
  it('many rows sharing one modified-on across page boundaries arrive exactly once', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 100 })])]);
    const stamp = new Date('2026-01-01T00:00:00Z');
    await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: 1234 }, (_, i) => ({ no: `N${i}`, name: `Same ${i}`, modifiedOn: stamp })));
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1234, failed: 0 });
    const names = (await integrationRows(db.integrationOrm)).map((a) => a.name);
    expect(new Set(names).size).toBe(1234);
    expect(names).toHaveLength(1234);
  });

  it('rows changed or added during a run arrive, each change once, with no duplicates', async () => {
    let page = 0;
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 50, syncOnlyCoupled: false })], (registry) => {
      registry.hooks.onAfterCommit.for('CUSTOMER').tapPromise('Meddler', async () => {
        page += 1;
        if (page !== 2) return;
        const em = db.host.orm.em.fork();
        // One row already synced and one not yet reached change, and a new row appears.
        await em.nativeUpdate('Customer', { no: 'R010' }, { name: 'changed early', modifiedOn: new Date() });
        await em.nativeUpdate('Customer', { no: 'R190' }, { name: 'changed late', modifiedOn: new Date() });
        await em.insert('Customer', { no: 'R999', name: 'added', modifiedOn: new Date() });
      });
    })]);
    const base = Date.now() - 60_000;
    await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: 200 }, (_, i) => ({
      no: `R${String(i).padStart(3, '0')}`, name: `row ${i}`, modifiedOn: new Date(base + i),
    })));
    const [job] = await db.host.engine.run('CUSTOMER');
    const [next] = await db.host.engine.run('CUSTOMER');
    const accounts = await integrationRows(db.integrationOrm);
    expect(accounts).toHaveLength(201);
    expect(accounts.find((a) => a.name === 'changed early')).toBeDefined();
    expect(accounts.find((a) => a.name === 'changed late')).toBeDefined();
    expect(accounts.find((a) => a.name === 'added')).toBeDefined();
    expect(job!.inserted + next!.inserted).toBe(201);
    expect(job!.modified + next!.modified).toBe(1);
    expect(job!.failed + next!.failed).toBe(0);
  });

  it('a regular run re-reading unchanged rows in the overlap window commits no state for those pages (issue 8)', async () => {
    let pages = 0;
    // A window of a minute and rows stamped now: every row is one the last read cannot be sure of.
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 100, overlapMs: 60_000 })], (registry) => {
      registry.hooks.onAfterCommit.for('CUSTOMER').tap('Pages', () => void (pages += 1));
    })]);
    const stamp = new Date();
    await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: 250 }, (_, i) => ({ no: `S${String(i).padStart(3, '0')}`, name: `Same ${i}`, modifiedOn: stamp })));
    await db.host.engine.fullSync('CUSTOMER');
    const state = db.host.state;
    const transaction = state.transaction.bind(state);
    let transactions = 0;
    state.transaction = (work) => {
      transactions += 1;
      return transaction(work);
    };
    pages = 0;
    // The watermark is the last of the 250 rows, all with one stamp: the whole table is in the overlap window.
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 0, modified: 0, unchanged: 0, failed: 0 });
    expect(pages).toBe(3);
    // The first page writes the job row as this pass first commits it, the last one what the pass is now sure to
    // have seen (the stream's end); the page between them commits nothing.
    expect(transactions).toBe(2);
    expect(await integrationRows(db.integrationOrm)).toHaveLength(250);
  });

  it('a run after the table was quiet for longer than the window reads nothing again, whatever its size (issue 8)', async () => {
    let pages = 0;
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 100 })], (registry) => {
      registry.hooks.onAfterCommit.for('CUSTOMER').tap('Pages', () => void (pages += 1));
    })]);
    const stamp = new Date(Date.now() - 60_000);
    await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: 250 }, (_, i) => ({ no: `Q${String(i).padStart(3, '0')}`, name: `Quiet ${i}`, modifiedOn: stamp })));
    await db.host.engine.fullSync('CUSTOMER');
    const watermark = (await db.host.state.mappingState('CUSTOMER'))!.toIntegrationCursor!;
    // Every row was stamped a minute before the reads: all of them certainly seen, up to the last one.
    expect(watermark).toMatchObject({ id: 'Q249', seenThrough: { modifiedOn: stamp.toISOString(), id: 'Q249' } });
    pages = 0;
    const [idle] = await db.host.engine.run('CUSTOMER');
    expect(idle).toMatchObject({ inserted: 0, modified: 0, unchanged: 0, failed: 0 });
    expect(pages).toBe(0);
    // A change after that is read, and only it.
    await db.host.orm.em.fork().nativeUpdate('Customer', { no: 'Q007' }, { name: 'Changed', modifiedOn: new Date() });
    const [changed] = await db.host.engine.run('CUSTOMER');
    expect(changed).toMatchObject({ modified: 1, unchanged: 0, failed: 0 });
    expect(pages).toBe(1);
  });

  describe('second-resolution clocks and late commits', () => {
    const fromCrm = (overlapMs: number): TableMappingDefinition => customerMapping({
      direction: 'fromIntegration', syncOnlyCoupled: false, overlapMs,
      fields: [{ business: 'name', integration: 'name' }],
    });
    async function scenario(overlapMs: number): Promise<string[]> {
      db = await twoDatabases([testPlugin([fromCrm(overlapMs)], (registry) => {
        registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => void (ctx.values.no = String(ctx.source.values.name)));
      })]);
      // Stamped now (the late row commits right after the run, well inside a window of ten seconds).
      const second = new Date();
      const em = db.integrationOrm.em.fork();
      await em.insertMany('account', ['a', 'b'].map((name) => ({ accountid: `ffffffff-0000-4000-8000-00000000000${name === 'a' ? 1 : 2}`, name, modifiedon: second })));
      await db.host.engine.run('CUSTOMER');
      // Committed after the run, stamped by a clock a little behind: before the watermark, inside the window.
      await em.insert('account', { accountid: randomUUID(), name: 'late', modifiedon: new Date(second.getTime() - 400) });
      await db.host.engine.run('CUSTOMER');
      return (await businessRows(db.host)).map((c) => c.name).sort();
    }

    it('are picked up by the overlap window, exactly once', async () => {
      expect(await scenario(10_000)).toEqual(['a', 'b', 'late']);
      const [again] = await db.host.engine.run('CUSTOMER');
      expect(again).toMatchObject({ inserted: 0, modified: 0, unchanged: 0 });
    });

    it('would be lost without it (the window is what saves them)', async () => {
      expect(await scenario(0)).toEqual(['a', 'b']);
    });
  });
});
