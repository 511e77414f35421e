import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER_FIELDS, businessRows, customerMapping, insertAccounts, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

const PAGE = 10;

/** `count` ERP customers C00…, stamped in that order (so they are read in that order, `PAGE` to a page). */
async function insertCustomers(count: number, name: (i: number) => string = (i) => `n${i}`): Promise<void> {
  const base = Date.now() - 10_000;
  await db.host.orm.em.fork().insertMany('Customer', Array.from({ length: count }, (_, i) => ({
    no: `C${String(i).padStart(2, '0')}`, name: name(i), modifiedOn: new Date(base + i),
  })));
}

/** Opens the pair with CUSTOMER toIntegration in pages of `PAGE`, overlapping or not, and logs the hooks' order. */
async function open(overlapPages: boolean, fields = CUSTOMER_FIELDS): Promise<string[]> {
  const events: string[] = [];
  db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: PAGE, overlapPages, fields })], (registry) => {
    registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Log', (ctx) => void events.push(`decide ${ctx.source.id}`));
    registry.hooks.onAfterCommit.for('CUSTOMER').tap('Log', (ctx) => void events.push(`commit ${ctx.outcomes.map((o) => o.sourceId).join(',')}`));
  })]);
  return events;
}

/** The position of the first event starting with `prefix`. */
const at = (events: string[], prefix: string) => events.findIndex((e) => e.startsWith(prefix));

describe('overlapping pages (TableMapping.overlapPages)', () => {
  it('decides the next page while one is written, and commits the pages in order', async () => {
    const events = await open(true);
    await insertCustomers(35);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 35, failed: 0 });
    // Page 2's first record is decided before page 1 has committed.
    expect(at(events, 'decide C10')).toBeLessThan(at(events, 'commit C00'));
    const commits = events.filter((e) => e.startsWith('commit')).map((e) => e.split(' ')[1]!.split(',')[0]);
    expect(commits).toEqual(['C00', 'C10', 'C20', 'C30']);
    expect(await integrationRows(db.integrationOrm)).toHaveLength(35);
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(35);
    const state = await db.host.state.mappingState('CUSTOMER');
    expect(state!.toIntegrationCursor).toMatchObject({ id: 'C34' });
    expect(state!.toIntegrationFullSync).toBeNull();
  });

  it('without it, each page commits before the next is decided', async () => {
    const events = await open(false);
    await insertCustomers(25);
    await db.host.engine.fullSync('CUSTOMER');
    expect(at(events, 'commit C00')).toBeLessThan(at(events, 'decide C10'));
    expect(at(events, 'commit C10')).toBeLessThan(at(events, 'decide C20'));
  });

  it('a mapping with a field that refers to its own rows never overlaps', async () => {
    // `city` stands for a "parent customer" field here: a row may point at one the page before created.
    const events = await open(true, [...CUSTOMER_FIELDS.filter((f) => f.business !== 'city'), { business: 'city', integration: 'address1_city', reference: { mapping: 'CUSTOMER' } }]);
    await insertCustomers(25);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 25, failed: 0 });
    expect(at(events, 'commit C00')).toBeLessThan(at(events, 'decide C10'));
  });

  it('a row matched by a page that has not committed is not matched again by the next page', async () => {
    for (const overlapPages of [false, true]) {
      await open(overlapPages);
      const [acme] = await insertAccounts(db.integrationOrm, [{ name: 'ACME', modifiedon: new Date(Date.now() - 60_000) }]);
      // C05 (page 1) and C15 (page 2) are both called ACME: the first takes the account, the second creates its own.
      await insertCustomers(20, (i) => (i === 5 || i === 15 ? 'ACME' : `n${i}`));
      const [job] = await db.host.engine.fullSync('CUSTOMER');
      expect(job, `overlapPages ${overlapPages}`).toMatchObject({ inserted: 19, coupled: 1, failed: 0 });
      const couplings = await db.host.state.couplings('CUSTOMER');
      expect(couplings.find((c) => c.businessId === 'C05')!.integrationId).toBe(acme);
      expect(couplings.find((c) => c.businessId === 'C15')!.integrationId).not.toBe(acme);
      expect((await integrationRows(db.integrationOrm)).filter((r) => r.name === 'ACME')).toHaveLength(2);
      await db.close();
    }
  });

  it('a row a page creates is not matched by a later page found while that page commits', async () => {
    // C05 (page 1) and C25 (page 3) are both called ACME, and nothing is there to match: C05 creates an account. Page 3
    // is found while page 1 commits (its write done, its coupling not stored yet): page 1's after-insert tap holds the
    // commit until C25 has been coupled to something, or 300 ms have passed.
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', pageSize: PAGE, overlapPages: true })], (registry) => {
      let seen: () => void = () => undefined;
      const c25Coupled = new Promise<void>((resolve) => (seen = resolve));
      registry.hooks.onBeforeCouple.for('CUSTOMER').tap('Seen', (ctx) => void (ctx.businessId === 'C25' && seen()));
      registry.hooks.onAfterInsert.for('CUSTOMER').tapPromise('Hold', async (ctx) => {
        if (ctx.source.id === 'C05') await Promise.race([c25Coupled, new Promise((resolve) => setTimeout(resolve, 300))]);
      });
    })]);
    await insertCustomers(30, (i) => (i === 5 || i === 25 ? 'ACME' : `n${i}`));
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 30, coupled: 0, failed: 0 });
    const couplings = await db.host.state.couplings('CUSTOMER');
    expect(couplings.find((c) => c.businessId === 'C25')!.integrationId).not.toBe(couplings.find((c) => c.businessId === 'C05')!.integrationId);
    expect((await integrationRows(db.integrationOrm)).filter((r) => r.name === 'ACME')).toHaveLength(2);
  });

  it("writes a page while the page before commits, and decides a page only after the commit two pages back", async () => {
    // Page 1's commit waits in `onAfterCommit` until page 2's write has been seen (or 300 ms have passed).
    const events = await open(true);
    let page2Written: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (page2Written = resolve));
    db.host.hooks.onAfterInsert.for('CUSTOMER').tap('Log', (ctx) => {
      events.push(`written ${ctx.source.id}`);
      if (ctx.source.id === 'C10') page2Written();
    });
    db.host.hooks.onAfterCommit.for('CUSTOMER').tapPromise('Hold', async (ctx) => {
      if (ctx.outcomes[0]?.sourceId === 'C00') await Promise.race([written, new Promise((resolve) => setTimeout(resolve, 300))]);
    });
    await insertCustomers(35);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 35, failed: 0 });
    expect(at(events, 'written C10')).toBeLessThan(at(events, 'commit C00'));
    expect(at(events, 'decide C20')).toBeGreaterThan(at(events, 'commit C00'));
    const commits = events.filter((e) => e.startsWith('commit')).map((e) => e.split(' ')[1]!.split(',')[0]);
    expect(commits).toEqual(['C00', 'C10', 'C20', 'C30']);
  });

  it('a failed commit ends the pass: nothing is written after it, and the next run couples the page written meanwhile without creating its rows again', async () => {
    const events = await open(true);
    let fail = true;
    db.host.hooks.onAfterCommit.for('CUSTOMER').tap('Breaks', (ctx) => {
      if (fail && ctx.outcomes[0]?.sourceId === 'C10') throw new Error('page 2 refused');
    });
    await insertCustomers(35);
    await expect(db.host.engine.fullSync('CUSTOMER')).rejects.toThrow('page 2 refused');
    // Page 3 was written while page 2 committed; its state never committed, and page 4 was never written.
    expect(at(events, 'decide C20')).toBeGreaterThan(-1);
    expect(at(events, 'commit C20')).toBe(-1);
    expect((await integrationRows(db.integrationOrm)).length).toBe(30);
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(20);
    expect((await db.host.state.mappingState('CUSTOMER'))!.toIntegrationFullSync).toMatchObject({ id: 'C19' });
    fail = false;
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ failed: 0 });
    const rows = await integrationRows(db.integrationOrm);
    expect(rows).toHaveLength(35);
    const couplings = await db.host.state.couplings('CUSTOMER');
    expect(couplings).toHaveLength(35);
    expect(new Set(couplings.map((c) => c.integrationId))).toEqual(new Set(rows.map((r) => r.accountid)));
    expect(await businessRows(db.host)).toHaveLength(35);
  });
});
