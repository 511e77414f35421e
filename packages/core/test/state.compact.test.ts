import { afterEach, describe, expect, it } from 'vitest';
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
    expect(coupling!.syncedValues).toEqual({ business: { name: 'Alpha' }, integration: { name: 'Alpha' } });
    const [account] = await integrationRows(db.integrationOrm);
    // Both sides change a field that was empty when last in step: no conflict, both values survive.
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Oslo' }, later());
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '555' }, later());
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.map((j) => j.failed)).toEqual([0, 0]);
    const [after] = await integrationRows(db.integrationOrm);
    expect(after).toMatchObject({ address1_city: 'Oslo', telephone1: '555' });
  });

  it('retry-first reads use the retry index, never a scan of the couplings of the mapping (SQLite plan)', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const plan = await db.host.orm.em.getConnection().execute(
      "explain query plan select * from tandem_coupling where mapping = 'CUSTOMER' and skipped = 0 and last_result_to_integration in ('failure', 'pending') order by id limit 10",
    );
    const details = plan.map((row: { detail: string }) => row.detail).join('\n');
    expect(details).toMatch(/USING INDEX tandem_coupling_retry_to_idx/);
    expect(details).not.toMatch(/SCAN tandem_coupling\b(?! USING)/);
  });
});
