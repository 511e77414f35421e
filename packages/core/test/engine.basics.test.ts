import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER_FIELDS, businessRows, insertCustomers, integrationRows, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describe('directions', () => {
  it('toIntegration full sync creates and couples; a second run writes nothing', async () => {
    db = await twoDatabases([testPlugin([{ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS }])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }, { name: 'Beta', city: 'Rome' }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, modified: 0, failed: 0, direction: 'toIntegration' });
    const accounts = await integrationRows(db.integrationOrm);
    expect(accounts.map((a) => [a.name, a.address1_city]).sort()).toEqual([['Alpha', 'Oslo'], ['Beta', 'Rome']]);
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(2);
    const [again] = await db.host.engine.run('CUSTOMER');
    expect(again).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
  });

  it('only differing fields are written, and a change moves to the other side', async () => {
    db = await twoDatabases([testPlugin([{ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS }])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }]);
    await db.host.engine.fullSync('CUSTOMER');
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, new Date(Date.now() + 5));
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ modified: 1, unchanged: 0, inserted: 0 });
    expect((await integrationRows(db.integrationOrm))[0]).toMatchObject({ name: 'Alpha', address1_city: 'Bergen' });
    expect((await businessRows(db.host))).toHaveLength(1);
  });
});
