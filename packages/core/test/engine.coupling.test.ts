import { afterEach, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../src/testing/index';
import {
  businessRows, customerMapping, insertAccounts, insertCustomers, integrationRows, later, testPlugin, touchBusiness,
  twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

const matchFields = [
  { business: 'phone', integration: 'telephone1', match: { priority: 0 } },
  { business: 'name', integration: 'name', match: { priority: 1 } },
  { business: 'city', integration: 'address1_city' },
];

describeOnBothDatabases('coupling (6b)', () => {
  it('syncOnlyCoupled leaves uncoupled rows alone; full sync creates and couples them', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha' }, { name: 'Beta' }]);
    const [normal] = await db.host.engine.run('CUSTOMER');
    expect(normal).toMatchObject({ inserted: 0, skipped: 0, failed: 0 });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(0);
    const [full] = await db.host.engine.fullSync('CUSTOMER');
    expect(full).toMatchObject({ inserted: 2 });
    expect((await db.host.state.couplings('CUSTOMER')).every((c) => c.businessId && c.integrationId)).toBe(true);
  });

  it('match-based coupling tries priority groups in order, case-insensitively by default', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, fields: matchFields })])]);
    const [byPhone, byName] = await insertAccounts(db.integrationOrm, [
      { name: 'Other name', telephone1: '111' },
      { name: 'BETA LTD', telephone1: null },
    ]);
    await insertCustomers(db.host, [{ name: 'Alpha', phone: '111' }, { name: 'beta ltd', phone: '' }]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ coupled: 2, inserted: 0, failed: 0 });
    const couplings = await db.host.state.couplings('CUSTOMER');
    expect(Object.fromEntries(couplings.map((c) => [c.businessId, c.integrationId]))).toEqual({ C0001: byPhone, C0002: byName });
    // A freshly matched pair is overwritten from the source.
    expect((await integrationRows(db.integrationOrm)).find((a) => a.accountid === byPhone)).toMatchObject({ name: 'Alpha' });
  });

  it('case-sensitive match fields do not match on case alone; createNewOnNoMatch decides what happens then', async () => {
    const fields = [{ business: 'name', integration: 'name', match: { caseSensitive: true } }];
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, createNewOnNoMatch: false, fields })])]);
    await insertAccounts(db.integrationOrm, [{ name: 'ALPHA' }]);
    await insertCustomers(db.host, [{ name: 'alpha' }]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ coupled: 0, inserted: 0, failed: 1 });
    expect((await db.host.state.errors(job!.mapping, { jobId: job!.id }))[0]!.message).toMatch(/no uncoupled account row matches/);
    await db.host.mappings.update('CUSTOMER', { createNewOnNoMatch: true });
    const [second] = await db.host.engine.run('CUSTOMER');
    expect(second).toMatchObject({ inserted: 1, failed: 0 });
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name).sort()).toEqual(['ALPHA', 'alpha']);
  });

  it('several matches fail the record with a clear message', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, fields: matchFields })])]);
    await insertAccounts(db.integrationOrm, [{ name: 'Dup' }, { name: 'dup' }]);
    await insertCustomers(db.host, [{ name: 'Dup' }]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ failed: 1, inserted: 0, coupled: 0 });
    expect((await db.host.state.errors(job!.mapping, { jobId: job!.id }))[0]).toMatchObject({ sourceId: 'C0001', code: 'TANDEM_AMBIGUOUS_MATCH' });
    expect((await db.host.state.errors(job!.mapping, { jobId: job!.id }))[0]!.message).toMatch(/2 account rows match on name/);
  });

  it('engine.match couples by match fields only, and creates the unmatched with createNew', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', fields: matchFields })])]);
    await insertAccounts(db.integrationOrm, [{ name: 'Alpha' }]);
    await insertCustomers(db.host, [{ name: 'Alpha' }, { name: 'Lonely' }]);
    const job = await db.host.engine.match('CUSTOMER');
    expect(job).toMatchObject({ type: 'coupling', coupled: 1, failed: 1 });
    const created = await db.host.engine.match('CUSTOMER', { createNew: true });
    expect(created).toMatchObject({ coupled: 0, inserted: 1 });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(2);
  });
});

describeOnBothDatabases('manual operations (6m)', () => {
  it('syncRecord syncs one record in the chosen direction, creating its counterpart', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'One' }, { name: 'Two' }]);
    const outcome = await db.host.engine.syncRecord('CUSTOMER', { businessId: 'C0002' }, 'toIntegration');
    expect(outcome).toMatchObject({ sourceId: 'C0002', action: 'insert' });
    expect((await integrationRows(db.integrationOrm)).map((a) => a.name)).toEqual(['Two']);
    const back = await db.host.engine.syncRecord('CUSTOMER', { businessId: 'C0002' }, 'fromIntegration');
    expect(back).toMatchObject({ action: 'unchanged' });
    await expect(db.host.engine.syncRecord('CUSTOMER', { businessId: 'NOPE' }, 'toIntegration')).rejects.toThrow(/Customer NOPE does not exist/);
  });

  it('couple two given records, optionally syncing right after; uncouple removes the link', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'ERP name', city: 'Oslo' }]);
    const [accountId] = await insertAccounts(db.integrationOrm, [{ name: 'CRM name' }]);
    const coupleJob = await db.host.engine.couple('CUSTOMER', 'C0001', accountId!, { syncDirection: 'fromIntegration' });
    expect(coupleJob).toMatchObject({ type: 'coupling', coupled: 1 });
    expect((await businessRows(db.host))[0]).toMatchObject({ name: 'CRM name', city: null });
    await expect(db.host.engine.couple('CUSTOMER', 'C0001', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/does not exist/);
    const [other] = await insertAccounts(db.integrationOrm, [{ name: 'Other' }]);
    await expect(db.host.engine.couple('CUSTOMER', 'C0001', other!)).rejects.toThrow(/already coupled to/);
    const uncoupleJob = await db.host.engine.uncouple('CUSTOMER', { businessId: 'C0001' });
    expect(uncoupleJob).toMatchObject({ type: 'uncoupling', uncoupled: 1 });
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(0);
    // Uncoupling a record that is not coupled is a no-op that says so (issue 6, A5).
    const again = await db.host.engine.uncouple('CUSTOMER', { businessId: 'C0001' });
    expect(again).toMatchObject({ type: 'uncoupling', uncoupled: 0, message: 'business record C0001 is not coupled: nothing to uncouple' });
  });

  it('sync one mapping, sync all, full sync', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })])]);
    await insertCustomers(db.host, [{ name: 'A' }]);
    expect(await db.host.engine.runAll({ full: true })).toMatchObject([{ mapping: 'CUSTOMER', inserted: 1 }]);
    await touchBusiness(db.host, 'Customer', 'C0001', { name: 'A2' }, later());
    expect(await db.host.engine.runAll()).toMatchObject([{ modified: 1 }]);
    expect(await db.host.engine.run('CUSTOMER')).toMatchObject([{ modified: 0, unchanged: 0 }]);
    // A full sync compares every record again, and writes none that are equal.
    expect(await db.host.engine.fullSync('CUSTOMER')).toMatchObject([{ modified: 0, unchanged: 1, inserted: 0 }]);
  });
});

describe('coupling edge cases', () => {
  it('a CRM record still coupled to an ERP record that no longer exists can be coupled to another one (issue 6, A5)', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Gone' }, { name: 'Other' }]);
    const [accountId] = await insertAccounts(db.integrationOrm, [{ name: 'CRM' }]);
    await db.host.engine.couple('CUSTOMER', 'C0001', accountId!);
    await expect(db.host.engine.couple('CUSTOMER', 'C0002', accountId!)).rejects.toThrow(/account .* is already coupled to C0001/);
    await db.host.orm.em.fork().nativeDelete('Customer', { no: 'C0001' });
    const job = await db.host.engine.couple('CUSTOMER', 'C0002', accountId!, { syncDirection: 'fromIntegration' });
    expect(job).toMatchObject({ coupled: 1 });
    expect((await db.host.state.couplings('CUSTOMER')).map((c) => [c.businessId, c.integrationId])).toEqual([['C0002', accountId]]);
    expect((await businessRows(db.host)).map((c) => c.name)).toEqual(['CRM']);
    // And the other way round: an ERP record coupled to a CRM row that was deleted.
    const [second] = await insertAccounts(db.integrationOrm, [{ name: 'Second' }]);
    await db.integrationOrm.em.fork().nativeDelete('account', { accountid: accountId });
    await db.host.engine.couple('CUSTOMER', 'C0002', second!);
    expect((await db.host.state.couplings('CUSTOMER')).map((c) => [c.businessId, c.integrationId])).toEqual([['C0002', second]]);
  });

  it('coupling hooks fire for pairs made during runs: matches, onFindUncoupled, inserts, crash recovery (issue 6, C17)', async () => {
    const before: string[] = [];
    const after: string[] = [];
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, fields: [{ business: 'name', integration: 'name', match: {} }, { business: 'city', integration: 'address1_city' }] })], (registry) => {
      registry.hooks.onFindUncoupled.for('CUSTOMER').tapPromise('Finder', async (ctx) => {
        if (ctx.source.values.name !== 'Hooked') return undefined;
        const [row] = await db.host.stores.integration.findByValues('account', { candidates: [{ name: 'Found by hook' }] });
        return row;
      });
      registry.hooks.onBeforeCouple.for('CUSTOMER').tap('Spy', (ctx) => {
        before.push(ctx.businessId);
        if (ctx.businessId === 'C0004') ctx.veto('not this one');
      });
      registry.hooks.onAfterCouple.for('CUSTOMER').tap('Spy', (ctx) => void after.push(`${ctx.businessId}=${ctx.integrationId}`));
    })]);
    const [matched, hooked, vetoed] = await insertAccounts(db.integrationOrm, [{ name: 'Matched' }, { name: 'Found by hook' }, { name: 'Vetoed' }]);
    await insertCustomers(db.host, [{ name: 'Matched' }, { name: 'Hooked' }, { name: 'New' }, { name: 'Vetoed' }]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ coupled: 2, inserted: 1, failed: 1 });
    expect(before.sort()).toEqual(['C0001', 'C0002', 'C0004']);
    const inserted = (await db.host.state.couplings('CUSTOMER')).find((c) => c.businessId === 'C0003')!.integrationId;
    expect(after.sort()).toEqual([`C0001=${matched}`, `C0002=${hooked}`, `C0003=${inserted}`]);
    expect((await db.host.state.errors('CUSTOMER'))[0]).toMatchObject({ sourceId: 'C0004', message: 'coupling was vetoed: not this one' });
    expect(vetoed).toBeDefined();
  });

  it('coupling a pair that is already coupled is a no-op, and still syncs when asked', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'ERP' }]);
    const [accountId] = await insertAccounts(db.integrationOrm, [{ name: 'CRM' }]);
    await db.host.engine.couple('CUSTOMER', 'C0001', accountId!);
    await db.host.engine.couple('CUSTOMER', 'C0001', accountId!, { syncDirection: 'toIntegration' });
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(1);
    expect((await integrationRows(db.integrationOrm))[0]!.name).toBe('ERP');
  });

  it('two records of one page matching the same row both fail, naming each other; nothing is written', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false, fields: [{ business: 'name', integration: 'name', match: {} }] })])]);
    await insertAccounts(db.integrationOrm, [{ name: 'twin' }]);
    await insertCustomers(db.host, [{ name: 'Twin' }, { name: 'TWIN' }]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ failed: 2, coupled: 0, inserted: 0, modified: 0 });
    const errors = await db.host.state.errors(job!.mapping, { jobId: job!.id });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/counterpart found for 2 records \(C0001, C0002\)/), expect.stringMatching(/C0001, C0002/)]);
    expect((await integrationRows(db.integrationOrm))[0]!.name).toBe('twin');
  });
});
