import { afterEach, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../src/testing/index';
import { deterministicId, type TableMappingDefinition } from '../src/index';
import {
  businessRows, customerMapping, insertAccounts, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration,
  twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

async function coupledPair(mapping: Partial<TableMappingDefinition> = {}, extra?: Parameters<typeof testPlugin>[1]) {
  db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional', ...mapping })], extra)]);
  await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '1' }]);
  await db.host.engine.fullSync('CUSTOMER');
  const [account] = await integrationRows(db.integrationOrm);
  return account!.accountid as string;
}

describe('changes and counters (6c)', () => {
  it('counts inserted, modified, unchanged; only differing fields are written', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })])]);
    await insertCustomers(db.host, [{ name: 'A', city: 'X' }, { name: 'B', city: 'Y' }, { name: 'C', city: 'Z' }]);
    expect((await db.host.engine.fullSync('CUSTOMER'))[0]).toMatchObject({ inserted: 3, modified: 0, unchanged: 0, failed: 0, skipped: 0 });
    const before = await integrationRows(db.integrationOrm);
    // A: a real change. B: touched with the same values (source changed, nothing differs). C: untouched.
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'X2' }, later());
    await touchBusiness(db.host, 'Customer', 'C0002', { city: 'Y' }, later());
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 0, modified: 1, unchanged: 1, failed: 0, skipped: 0 });
    const after = await integrationRows(db.integrationOrm);
    const stamp = (rows: typeof after, name: string) => rows.find((r) => r.name === name)!.modifiedon.getTime();
    expect(stamp(after, 'A')).toBeGreaterThan(stamp(before, 'A'));
    expect(stamp(after, 'B')).toBe(stamp(before, 'B'));
    expect(stamp(after, 'C')).toBe(stamp(before, 'C'));
  });
});

describe('echo suppression (6d)', () => {
  it('a bidirectional mapping run twice with no change in between writes nothing the second time, on either side', async () => {
    const accountId = await coupledPair();
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    await touchIntegration(db.integrationOrm, accountId, { telephone1: '2' }, later());
    await db.host.engine.run('CUSTOMER');
    const business = (await businessRows(db.host))[0]!;
    const integration = (await integrationRows(db.integrationOrm))[0]!;
    expect(business).toMatchObject({ city: 'Bergen', phone: '2' });
    expect(integration).toMatchObject({ address1_city: 'Bergen', telephone1: '2' });
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.map((j) => j.inserted + j.modified + j.failed)).toEqual([0, 0]);
    expect((await businessRows(db.host))[0]!.modifiedOn.getTime()).toBe(business.modifiedOn.getTime());
    expect((await integrationRows(db.integrationOrm))[0]!.modifiedon.getTime()).toBe(integration.modifiedon.getTime());
  });
});

describe('echo suppression by identity', () => {
  it('only filters the CRM side: an ERP edit that leaves modified-by as Tandem still travels', async () => {
    const accountId = await coupledPair();
    await touchIntegration(db.integrationOrm, accountId, { telephone1: 'from crm' }, later());
    await db.host.engine.run('CUSTOMER');
    expect((await businessRows(db.host))[0]).toMatchObject({ phone: 'from crm', modifiedBy: 'business-integration-user' });
    // An ERP that does not maintain modified-by: the row still says Tandem wrote it last.
    await db.host.orm.em.fork().nativeUpdate('Customer', { no: 'C0001' }, { city: 'Edited in ERP', modifiedOn: later(30) });
    const [to] = await db.host.engine.run('CUSTOMER');
    expect(to).toMatchObject({ modified: 1 });
    expect((await integrationRows(db.integrationOrm))[0]!.address1_city).toBe('Edited in ERP');
  });

  it("an edit stamped in the same instant as Tandem's own write still travels (whole-second clocks)", async () => {
    const accountId = await coupledPair();
    const [written] = await integrationRows(db.integrationOrm);
    // A CRM user's edit that lands in the same second as the sync's write: the stamp does not move.
    await touchIntegration(db.integrationOrm, accountId, { telephone1: 'same second' }, written!.modifiedon);
    const [, from] = await db.host.engine.run('CUSTOMER');
    expect(from).toMatchObject({ modified: 1 });
    expect((await businessRows(db.host))[0]!.phone).toBe('same second');
  });

  it('rows the integration identity modified are left out of the fromIntegration pass', async () => {
    const accountId = await coupledPair();
    const seen: string[] = [];
    db.host.hooks.onQueryPostFilter.for('CUSTOMER').tap('Spy', (ctx) => void seen.push(`${ctx.direction}:${ctx.source.id}`));
    await db.integrationOrm.em.fork().nativeUpdate('account', { accountid: accountId }, { telephone1: 'by tandem', modifiedon: later(), modifiedby: 'crm-integration-user' });
    await db.host.engine.run('CUSTOMER');
    expect(seen.filter((s) => s.startsWith('fromIntegration'))).toEqual([]);
  });

  it('one-way fromIntegration mappings leave out the integration identity\'s rows too (issue 6, A3)', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'fromIntegration', syncOnlyCoupled: false })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => void (ctx.values.no = String(ctx.source.values.name)));
    })]);
    const [ours, theirs] = await insertAccounts(db.integrationOrm, [{ name: 'Ours' }, { name: 'Theirs' }]);
    await db.host.engine.run('CUSTOMER');
    expect((await businessRows(db.host)).map((c) => c.name).sort()).toEqual(['Ours', 'Theirs']);
    // Written by the integration identity (for instance by another mapping): an echo, not a change to bring back.
    await db.integrationOrm.em.fork().nativeUpdate('account', { accountid: ours }, { telephone1: 'by tandem', modifiedon: later(), modifiedby: 'crm-integration-user' });
    await touchIntegration(db.integrationOrm, theirs!, { telephone1: 'by a user' }, later());
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ modified: 1 });
    const phones = Object.fromEntries((await businessRows(db.host)).map((c) => [c.name, c.phone]));
    expect(phones).toEqual({ Ours: null, Theirs: 'by a user' });
  });
});

describeOnBothDatabases('update conflicts (6e)', () => {
  it('none: both sides changed the same field → the record fails with a message naming the field', async () => {
    const accountId = await coupledPair();
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'ERP city' }, later());
    await touchIntegration(db.integrationOrm, accountId, { address1_city: 'CRM city' }, later());
    const [to, from] = await db.host.engine.run('CUSTOMER');
    expect(to).toMatchObject({ failed: 1 });
    expect(from).toMatchObject({ failed: 1 });
    const [error] = await db.host.state.errors(to!.mapping, { jobId: to!.id });
    expect(error!.message).toMatch(/"address1_city" changed on both sides/);
    expect(error!.code).toBe('TANDEM_UPDATE_CONFLICT');
    expect((await businessRows(db.host))[0]!.city).toBe('ERP city');
    expect((await integrationRows(db.integrationOrm))[0]!.address1_city).toBe('CRM city');
  });

  it('sendUpdateToIntegration: the business value wins on both sides', async () => {
    const accountId = await coupledPair({ updateConflictResolution: 'sendUpdateToIntegration' });
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'ERP city' }, later());
    await touchIntegration(db.integrationOrm, accountId, { address1_city: 'CRM city' }, later());
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.every((j) => j.failed === 0)).toBe(true);
    expect((await businessRows(db.host))[0]!.city).toBe('ERP city');
    expect((await integrationRows(db.integrationOrm))[0]!.address1_city).toBe('ERP city');
  });

  it('getUpdateFromIntegration: the integration value wins on both sides', async () => {
    const accountId = await coupledPair({ updateConflictResolution: 'getUpdateFromIntegration' });
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'ERP city' }, later());
    await touchIntegration(db.integrationOrm, accountId, { address1_city: 'CRM city' }, later());
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.every((j) => j.failed === 0)).toBe(true);
    expect((await businessRows(db.host))[0]!.city).toBe('CRM city');
    expect((await integrationRows(db.integrationOrm))[0]!.address1_city).toBe('CRM city');
  });

  it('onUpdateConflict decides, seeing the conflicting fields', async () => {
    const seen: string[][] = [];
    const accountId = await coupledPair({}, (registry) => {
      registry.hooks.onUpdateConflict.for('CUSTOMER').tap('Referee', (ctx) => {
        seen.push(ctx.fields);
        return 'takeIntegration';
      });
    });
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'ERP city' }, later());
    await touchIntegration(db.integrationOrm, accountId, { address1_city: 'CRM city' }, later());
    await db.host.engine.run('CUSTOMER');
    expect(seen[0]).toEqual(['address1_city']);
    expect((await businessRows(db.host))[0]!.city).toBe('CRM city');
    expect((await integrationRows(db.integrationOrm))[0]!.address1_city).toBe('CRM city');
  });

  it('different fields changed on the two sides: both changes kept, no conflict (three-way merge)', async () => {
    const accountId = await coupledPair();
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    await touchIntegration(db.integrationOrm, accountId, { telephone1: '999' }, later());
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.map((j) => j.failed)).toEqual([0, 0]);
    expect((await businessRows(db.host))[0]).toMatchObject({ city: 'Bergen', phone: '999', name: 'Alpha' });
    expect((await integrationRows(db.integrationOrm))[0]).toMatchObject({ address1_city: 'Bergen', telephone1: '999', name: 'Alpha' });
  });
});

describeOnBothDatabases('deletion conflicts (6f)', () => {
  async function deleteAccount(accountId: string) {
    await db.integrationOrm.em.fork().nativeDelete('account', { accountid: accountId });
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Changed' }, later());
  }

  it('none: the record fails, saying its counterpart was deleted', async () => {
    const accountId = await coupledPair({ direction: 'toIntegration' });
    await deleteAccount(accountId);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ failed: 1 });
    expect((await db.host.state.errors(job!.mapping, { jobId: job!.id }))[0]!.message).toMatch(/coupled to a deleted account row/);
  });

  it('restoreRecords: a new counterpart is created and coupled', async () => {
    const accountId = await coupledPair({ direction: 'toIntegration', deletionConflictResolution: 'restoreRecords' });
    await deleteAccount(accountId);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    const [restored] = await integrationRows(db.integrationOrm);
    expect(restored).toMatchObject({ name: 'Alpha', address1_city: 'Changed' });
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.integrationId).toBe(restored!.accountid);
  });

  it('restoreRecords after a crash finds the row the interrupted restore made, instead of making a second', async () => {
    const accountId = await coupledPair({ direction: 'toIntegration', deletionConflictResolution: 'restoreRecords' });
    await deleteAccount(accountId);
    // What a restore that died before writing its coupling leaves behind: the new row, with the deterministic id.
    const madeId = deterministicId('CUSTOMER', `C0001:restored:${accountId}`);
    await db.integrationOrm.em.fork().insert('account', { accountid: madeId, name: 'Alpha', modifiedon: new Date(), modifiedby: 'crm-integration-user' });
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 0, modified: 1, failed: 0 });
    expect((await integrationRows(db.integrationOrm)).map((a) => [a.accountid, a.address1_city])).toEqual([[madeId, 'Changed']]);
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.integrationId).toBe(madeId);
  });

  it('removeCoupling: the coupling is removed and nothing is written', async () => {
    const accountId = await coupledPair({ direction: 'toIntegration', deletionConflictResolution: 'removeCoupling' });
    await deleteAccount(accountId);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ uncoupled: 1, inserted: 0, failed: 0 });
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(0);
    expect(await integrationRows(db.integrationOrm)).toHaveLength(0);
  });

  it('onDeletionConflict decides', async () => {
    const accountId = await coupledPair({ direction: 'toIntegration' }, (registry) => {
      registry.hooks.onDeletionConflict.for('CUSTOMER').tap('Keeper', () => 'skip');
    });
    await deleteAccount(accountId);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ skipped: 1, failed: 0 });
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(1);
  });
});
