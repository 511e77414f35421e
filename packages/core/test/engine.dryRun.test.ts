// engine.dryRun / dryRunRecord: the plan names each record's fate — deletion conflicts included — and nothing is
// written: no rows on either side, no coupling, job, lease or watermark; the hooks that may write are not called.
import { afterEach, describe, expect, it } from 'vitest';
import type { TableMappingDefinition } from '../src/index';
import {
  businessRows, customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

const calls: string[] = [];
async function setUp(mapping: Partial<TableMappingDefinition>) {
  calls.length = 0;
  db = await twoDatabases([
    testPlugin([customerMapping({ direction: 'bidirectional', ...mapping })], (registry) => {
      for (const hook of ['onBeforeInsert', 'onBeforeModify', 'onUnchanged', 'onJobStart', 'onAfterCommit'] as const) {
        registry.hooks[hook].for('CUSTOMER').tap('spy', () => void calls.push(hook));
      }
    }),
  ]);
  await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }, { name: 'Beta', city: 'Rome' }]);
  await db.host.engine.fullSync('CUSTOMER');
  calls.length = 0;
}

/** Everything a run could write: both tables, couplings, jobs, errors, leases, watermarks. */
async function everything() {
  const em = db.host.orm.em.fork();
  return {
    business: await businessRows(db.host), integration: await integrationRows(db.integrationOrm),
    couplings: await db.host.state.couplings('CUSTOMER'), jobs: await db.host.state.jobs(), errors: await db.host.state.errors(),
    leases: await em.find('MappingLease', {}), state: await db.host.state.mappingState('CUSTOMER'),
  };
}

describe('engine.dryRun', () => {
  it('plans an unfinished full sync the way the next run continues it: full, and only after its last committed page', async () => {
    await setUp({ syncOnlyCoupled: true });
    const [alpha, beta] = await db.host.state.couplings('CUSTOMER');
    const [first, second] = [alpha!, beta!].sort((a, b) => a.businessId!.localeCompare(b.businessId!));
    const firstRow = (await businessRows(db.host)).find((r) => r.no === first.businessId)!;
    // A full sync that committed the page holding the first customer, then stopped.
    await db.host.state.setFullSyncProgress('CUSTOMER', 'toIntegration', { modifiedOn: new Date(firstRow.modifiedOn as string | Date).toISOString(), id: first.businessId! });

    const [plan] = await db.host.engine.dryRun('CUSTOMER', { direction: 'toIntegration' });
    expect(plan!.full).toBe(true);
    expect(plan!.records.map((r) => r.sourceId)).toEqual([second.businessId]);
    const [job] = await db.host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    expect(job!.unchanged + job!.modified).toBe(plan!.records.length);
  });

  it('plans a modification, an insert and a deletion conflict decided as removeCoupling, and writes nothing', async () => {
    await setUp({ deletionConflictResolution: 'removeCoupling', syncOnlyCoupled: false });
    const [alpha, beta] = await db.host.state.couplings('CUSTOMER');
    await db.integrationOrm.em.fork().nativeDelete('account', { accountid: beta!.integrationId });
    await touchBusiness(db.host, 'Customer', alpha!.businessId!, { city: 'Bergen' }, later());
    await touchBusiness(db.host, 'Customer', beta!.businessId!, { city: 'Paris' }, later());
    await insertCustomers(db.host, [{ no: 'C0009', name: 'Gamma', city: 'Lima' }]);
    const before = await everything();

    const [plan, reverse] = await db.host.engine.dryRun('CUSTOMER');
    expect(await everything()).toEqual(before);
    expect(calls).toEqual([]);
    expect(plan!.direction).toBe('toIntegration');
    expect(reverse!.direction).toBe('fromIntegration');
    expect(plan!.counters).toMatchObject({ inserted: 1, modified: 1, uncoupled: 1, conflicts: 1, failed: 0 });
    const byId = new Map(plan!.records.map((r) => [r.sourceId, r]));
    expect(byId.get(alpha!.businessId!)).toMatchObject({ action: 'modify', destinationId: alpha!.integrationId, fields: ['address1_city'], values: { address1_city: 'Bergen' } });
    expect(byId.get(beta!.businessId!)).toMatchObject({ action: 'uncouple', conflict: 'deletion' });
    expect([...byId.values()].find((r) => r.action === 'insert')).toMatchObject({ coupled: false, values: expect.objectContaining({ name: 'Gamma' }) });

    // The run then does what was planned.
    const [job] = await db.host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 1, modified: 1, uncoupled: 1 });
  });

  it('a deletion conflict with the default resolution is a planned failure; restoreRecords plans an insert in conflict', async () => {
    await setUp({});
    const [, beta] = await db.host.state.couplings('CUSTOMER');
    await db.integrationOrm.em.fork().nativeDelete('account', { accountid: beta!.integrationId });
    await touchBusiness(db.host, 'Customer', beta!.businessId!, { city: 'Paris' }, later());
    const [failing] = await db.host.engine.dryRun('CUSTOMER', { direction: 'toIntegration' });
    expect(failing!.records).toEqual([
      expect.objectContaining({ sourceId: beta!.businessId, action: 'fail', conflict: 'deletion', error: expect.objectContaining({ code: 'TANDEM_DELETION_CONFLICT' }) }),
    ]);
    await db.host.mappings.update('CUSTOMER', { deletionConflictResolution: 'restoreRecords' });
    const [restoring] = await db.host.engine.dryRun('CUSTOMER', { direction: 'toIntegration' });
    expect(restoring!.records).toEqual([expect.objectContaining({ sourceId: beta!.businessId, action: 'insert', conflict: 'deletion' })]);
    expect(await db.host.state.jobs()).toHaveLength(2); // the full sync's two passes only
  });

  it('dryRunRecord: what a forced sync of a pair would write, in each direction', async () => {
    await setUp({});
    const [alpha] = await db.host.state.couplings('CUSTOMER');
    await touchBusiness(db.host, 'Customer', alpha!.businessId!, { city: 'Bergen' }, later());
    const send = await db.host.engine.dryRunRecord('CUSTOMER', { businessId: alpha!.businessId! }, 'toIntegration');
    expect(send).toMatchObject({ action: 'modify', destinationId: alpha!.integrationId, values: { address1_city: 'Bergen' } });
    const get = await db.host.engine.dryRunRecord('CUSTOMER', { businessId: alpha!.businessId! }, 'fromIntegration');
    expect(get).toMatchObject({ action: 'modify', sourceId: alpha!.integrationId, values: { city: 'Oslo' } });
    expect(calls).toEqual([]);
  });
});
