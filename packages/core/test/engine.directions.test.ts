import { afterEach, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../src/testing/index';
import {
  businessRows, customerMapping, insertAccounts, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration,
  twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

describeOnBothDatabases('directions (6a)', () => {
  it('fromIntegration creates business rows from CRM rows', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'fromIntegration', syncOnlyCoupled: false,
      fields: [{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }],
      templates: { business: [{ name: 'NEW', values: { no: 'placeholder' } }] },
    })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('KeyFromName', (ctx) => {
        ctx.values.no = `K-${String(ctx.source.values.name)}`;
      });
    })]);
    await insertAccounts(db.integrationOrm, [{ name: 'Gamma', address1_city: 'Lyon' }]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ direction: 'fromIntegration', inserted: 1, failed: 0 });
    expect(await businessRows(db.host)).toMatchObject([{ no: 'K-Gamma', name: 'Gamma', city: 'Lyon' }]);
  });

  it('bidirectional runs toIntegration, then fromIntegration, and carries changes both ways', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }]);
    const first = await db.host.engine.fullSync('CUSTOMER');
    expect(first.map((j) => j.direction)).toEqual(['toIntegration', 'fromIntegration']);
    expect(first[0]).toMatchObject({ inserted: 1 });
    const [account] = await integrationRows(db.integrationOrm);
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '555-1' }, later());
    const second = await db.host.engine.run('CUSTOMER');
    expect(second[0]).toMatchObject({ modified: 0 });
    expect(second[1]).toMatchObject({ modified: 1 });
    expect((await businessRows(db.host))[0]).toMatchObject({ name: 'Alpha', phone: '555-1', city: 'Oslo' });
  });

  it('per-field directions: a toIntegration field never flows back, a fromIntegration field never flows out', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'bidirectional',
      fields: [
        { business: 'name', integration: 'name', direction: 'toIntegration' },
        { business: 'phone', integration: 'telephone1', direction: 'fromIntegration' },
        { business: 'city', integration: 'address1_city' },
      ],
    })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: 'erp-phone' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const [account] = await integrationRows(db.integrationOrm);
    expect(account).toMatchObject({ name: 'Alpha', address1_city: 'Oslo', telephone1: null });
    await touchIntegration(db.integrationOrm, account!.accountid, { name: 'Renamed in CRM', telephone1: 'crm-phone' }, later());
    await db.host.engine.run('CUSTOMER');
    expect((await businessRows(db.host))[0]).toMatchObject({ name: 'Alpha', phone: 'crm-phone' });
    await touchBusiness(db.host, 'Customer', 'C0001', { phone: 'erp-again', name: 'Alpha 2' }, later(20));
    await db.host.engine.run('CUSTOMER');
    expect((await integrationRows(db.integrationOrm))[0]).toMatchObject({ name: 'Alpha 2', telephone1: 'crm-phone' });
  });

  it('run with a direction the mapping does not allow fails clearly', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })])]);
    await expect(db.host.engine.run('CUSTOMER', { direction: 'fromIntegration' })).rejects.toThrow(/not configured for fromIntegration/);
    await expect(db.host.engine.run('NOPE')).rejects.toThrow(/unknown mapping "NOPE"/);
  });
});
