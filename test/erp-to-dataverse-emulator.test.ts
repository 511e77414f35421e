// End to end: the engine keeps a SQLite ERP and the Dataverse emulator in step, through DataverseStore over HTTP.
import { EntitySchema } from '@mikro-orm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, deterministicId, type Host, type TandemPlugin } from '@tandem/core';
import { accountTable, DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';

interface Customer { no: string; name: string; city: string | null; phone: string | null; modifiedOn: Date }
const CustomerSchema = new EntitySchema<Customer>({
  name: 'Customer',
  properties: {
    no: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 100 },
    city: { type: 'string', length: 30, nullable: true },
    phone: { type: 'string', length: 30, nullable: true },
    modifiedOn: { type: 'datetime', index: true },
  },
});

const CustomerAccount: TandemPlugin = {
  name: 'CustomerAccount',
  register(registry) {
    registry.addEntities(CustomerSchema);
    registry.addIntegrationTable(accountTable);
    registry.addMapping({
      name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'bidirectional', syncOnlyCoupled: false,
      fields: [
        { business: 'name', integration: 'name' },
        { business: 'city', integration: 'address1_city' },
        { business: 'phone', integration: 'telephone1' },
      ],
    });
    registry.hooks.onBeforeInsert.for('CUSTOMER').tap('CustomerAccount', (ctx) => {
      if (ctx.direction === 'fromIntegration') ctx.values.no = `CRM-${ctx.source.id.slice(0, 8)}`;
    });
  },
};

const CRM_USER = 'e0e0e0e0-0000-4000-8000-0000000000aa';
let emulator: RunningEmulator;
let host: Host;
afterEach(async () => {
  await host?.close();
  await emulator?.close();
});

function storeFor(token: string): DataverseStore {
  return new DataverseStore({ client: new DataverseClient({ url: emulator.url, auth: { token }, throttleRegistry: new ThrottleRegistry() }) });
}

describe('ERP (SQLite) ⇄ Dataverse emulator', () => {
  it('full sync creates accounts with deterministic ids; CRM and ERP changes travel; a quiet run writes nothing', async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:', users: [{ userId: CRM_USER, fullName: 'Casey CRM' }] });
    host = await createHost({ plugins: [CustomerAccount], database: { dbName: ':memory:' }, integration: storeFor(emulator.issueToken()) });
    await host.orm.em.fork().insertMany('Customer', [
      { no: 'C1', name: 'Adatum', city: 'Atlanta', phone: null, modifiedOn: new Date() },
      { no: 'C2', name: "O'Neil & Sons", city: 'Dublin', phone: null, modifiedOn: new Date() },
    ]);
    const [to] = await host.engine.fullSync('CUSTOMER');
    expect(to).toMatchObject({ inserted: 2, failed: 0 });

    const crm = storeFor(emulator.issueToken(CRM_USER));
    const accounts = await crm.getByIds('account', [deterministicId('CUSTOMER', 'C1'), deterministicId('CUSTOMER', 'C2')]);
    expect(accounts.map((a) => a.values.name).sort()).toEqual(['Adatum', "O'Neil & Sons"]);

    // A CRM user edits one account and creates another.
    await crm.write('account', [
      { kind: 'update', ref: 'u', id: deterministicId('CUSTOMER', 'C2'), values: { telephone1: '+353 1 555' } },
      { kind: 'insert', ref: 'n', values: { name: 'Fabrikam', address1_city: 'Seattle' } },
    ]);
    // Dataverse stamps whole seconds: step past the second of the last write.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await host.orm.em.fork().nativeUpdate('Customer', { no: 'C1' }, { city: 'Savannah', modifiedOn: new Date() });
    const [toAgain, from] = await host.engine.run('CUSTOMER');
    expect(toAgain).toMatchObject({ modified: 1, failed: 0 });
    expect(from).toMatchObject({ modified: 1, inserted: 1, failed: 0 });
    const customers = await host.orm.em.fork().find<Customer>('Customer', {}, { orderBy: { no: 'asc' } });
    expect(customers.map((c) => [c.name, c.city, c.phone])).toEqual([
      ['Adatum', 'Savannah', null], ["O'Neil & Sons", 'Dublin', '+353 1 555'], ['Fabrikam', 'Seattle', null],
    ]);
    expect((await crm.getByIds('account', [deterministicId('CUSTOMER', 'C1')]))[0]!.values.address1_city).toBe('Savannah');

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const quiet = await host.engine.run('CUSTOMER');
    expect(quiet.map((j) => j.inserted + j.modified + j.failed)).toEqual([0, 0]);
  });
});
