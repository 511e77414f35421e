import { afterEach, describe, expect, it } from 'vitest';
import { couplingsSql, retryRead } from '../src/state/readCouplings';
import { customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('compact coupling state (issue 8)', () => {
  it('a coupling stores no empty values, and an empty base still merges: each side keeps the field it changed', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: null, phone: null }]);
    await db.host.engine.fullSync('CUSTOMER');
    const [coupling] = await db.host.state.couplings('CUSTOMER');
    expect(Object.keys(coupling!.syncedValues!.business)).toEqual(['name']);
    expect(Object.keys(coupling!.syncedValues!.integration)).toEqual(['name']);
    const [account] = await integrationRows(db.integrationOrm);
    // Both sides change a field that was empty when last in step: no conflict, both values survive.
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Oslo' }, later());
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '555' }, later());
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.map((j) => j.failed)).toEqual([0, 0]);
    const [after] = await integrationRows(db.integrationOrm);
    expect(after).toMatchObject({ address1_city: 'Oslo', telephone1: '555' });
  });

  it('retry-first reads use the partial retry index, never a scan of the couplings of the mapping (SQLite plan)', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    // The statement of `couplingsToRetry`, parameters bound as it binds them.
    const em = db.host.orm.em.fork();
    const { where, params } = retryRead(em, 'CUSTOMER', 'toIntegration', 10);
    const plan = (await em.getConnection().execute(`explain query plan ${couplingsSql(em, where)}`, params)) as { detail: string }[];
    const details = plan.map((row) => row.detail).join('\n');
    expect(details).toMatch(/USING INDEX tandem_coupling_retry_to_pidx/);
    expect(details).not.toMatch(/SCAN \w+(?! USING)/);
  });
});
