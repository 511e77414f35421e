// Boot-time checks that need the Dataverse side: filters OData cannot express, and lookups named by logical name.
import { EntitySchema } from '@mikro-orm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, MappingValidationError, type Host, type TandemPlugin, type TableMappingDefinition } from '@tandem/core';
import { DataverseClient, DataverseStore, filterToOData, ThrottleRegistry } from '@tandem/dataverse';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';

interface Salesperson { code: string; name: string; modifiedOn: Date }
interface Customer { no: string; name: string; salespersonCode: string | null; modifiedOn: Date }
const SalespersonSchema = new EntitySchema<Salesperson>({
  name: 'Salesperson',
  properties: {
    code: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 100 },
    modifiedOn: { type: 'datetime', index: true },
  },
});
const CustomerSchema = new EntitySchema<Customer>({
  name: 'Customer',
  properties: {
    no: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 100 },
    salespersonCode: { type: 'string', length: 20, nullable: true },
    modifiedOn: { type: 'datetime', index: true },
  },
});

const SAM = 'e0e0e0e0-0000-4000-8000-000000000002';

function plugin(customer: Partial<TableMappingDefinition>): TandemPlugin {
  return {
    name: 'SalesOwners',
    register(registry) {
      registry.addEntities(SalespersonSchema, CustomerSchema);
      registry.addMapping({
        name: 'SALESPERSON', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'fromIntegration', createNewOnNoMatch: false,
        fields: [{ business: 'name', integration: 'fullname', match: {} }],
      });
      registry.addMapping({
        name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', dependsOn: ['SALESPERSON'], syncOnlyCoupled: false,
        fields: [
          { business: 'name', integration: 'name' },
          // The owner by its logical name, as the docs name it; rows carry it as `_ownerid_value`.
          { business: 'salespersonCode', integration: 'ownerid', reference: { mapping: 'SALESPERSON' }, notNull: true },
        ],
        ...customer,
      });
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('SalesOwners', (ctx) => {
        if (ctx.direction === 'fromIntegration') ctx.values.no = `CRM-${ctx.source.id.slice(0, 8)}`;
      });
    },
  };
}

let emulator: RunningEmulator | undefined;
let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  await emulator?.close();
  emulator = undefined;
});

function storeFor(url: string, token: string): DataverseStore {
  return new DataverseStore({ client: new DataverseClient({ url, auth: { token }, throttleRegistry: new ThrottleRegistry() }) });
}

describe('DataverseStore.checkFilter', () => {
  const store = storeFor('https://org.example.crm.dynamics.com', 'not-used');

  it('reports exactly the filters filterToOData cannot translate, in its words', () => {
    const resolve = (field: string) => (['name', 'telephone1'].includes(field) ? { name: field, type: 'string' as const } : undefined);
    const filters = [
      { name: { $like: 'A%' } }, { name: { $like: '%Ltd.' } }, { name: { $like: '%oso%' } }, { name: { $like: 'Contoso' } }, { name: { $like: '%' } },
      { name: { $like: 'A%B' } }, { name: { $like: 'A_B' } }, { name: { $like: '%[x]%' } }, { $or: [] }, { ownerid: { $ne: null } },
    ];
    for (const filter of filters) {
      let expected: string[] = [];
      try {
        filterToOData(filter, (field) => (field === 'ownerid' ? { name: '_ownerid_value', type: 'lookup' } : resolve(field)));
      } catch (error) {
        expected = [(error as Error).message];
      }
      expect(store.checkFilter('account', filter)).toEqual(expected);
    }
    expect(store.checkFilter('account', { name: { $like: 'A%B' } })).toEqual([
      '$like pattern "A%B" on field "name" cannot be expressed in OData: "%" is only supported at the start and/or the end',
    ]);
    expect(store.checkFilter('account', { name: { $like: 'A%' }, ownerid: { $ne: null } })).toEqual([]);
  });

  it('createHost refuses a $like pattern the store cannot translate, naming the mapping and the filter', async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:' });
    const error = await createHost({
      plugins: [plugin({ integrationFilter: { name: { $like: 'A%B' } }, businessFilter: { name: { $like: 'A%B' } } })],
      database: { dbName: ':memory:' },
      integration: storeFor(emulator.url, emulator.issueToken()),
    }).then((h) => h.close(), (e: unknown) => e);
    expect(error).toBeInstanceOf(MappingValidationError);
    // SQL can say `like 'A%B'`, so only the integration filter is a problem.
    expect((error as MappingValidationError).problems).toEqual([
      'mapping "CUSTOMER" integrationFilter: $like pattern "A%B" on field "name" cannot be expressed in OData: "%" is only supported at the start and/or the end',
    ]);
  });
});

describe('a lookup named by its logical name', () => {
  it('syncs through the reference both ways (ownerid ↔ salesperson code)', async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:', users: [{ userId: SAM, fullName: 'Sam Sales' }] });
    const url = emulator.url;
    host = await createHost({ plugins: [plugin({})], database: { dbName: ':memory:' }, integration: storeFor(url, emulator.issueToken()) });
    const em = host.orm.em.fork();
    await em.insertMany('Salesperson', [{ code: 'SAM', name: 'Sam Sales', modifiedOn: new Date() }]);
    expect(await host.engine.match('SALESPERSON')).toMatchObject({ coupled: 1, failed: 0 });

    // ERP → CRM: the salesperson code becomes the owner of the new account.
    await em.insertMany('Customer', [{ no: 'C1', name: 'Adatum', salespersonCode: 'SAM', modifiedOn: new Date() }]);
    const [to] = await host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    expect(to).toMatchObject({ inserted: 1, failed: 0 });
    const crm = storeFor(url, emulator.issueToken(SAM));
    const coupling = (await host.state.couplings('CUSTOMER'))[0]!;
    const [account] = await crm.getByIds('account', [coupling.integrationId!]);
    expect(account!.values._ownerid_value).toBe(SAM);

    // CRM → ERP: an account Sam owns arrives with Sam's code.
    await crm.write('account', [{ kind: 'insert', ref: 'n', values: { name: 'Fabrikam', ownerid: SAM } }]);
    const [from] = await host.engine.fullSync('CUSTOMER', { direction: 'fromIntegration' });
    expect(from).toMatchObject({ inserted: 1, failed: 0 });
    const customers = await host.orm.em.fork().find<Customer>('Customer', {}, { orderBy: { name: 'asc' } });
    expect(customers.map((c) => [c.name, c.salespersonCode])).toEqual([['Adatum', 'SAM'], ['Fabrikam', 'SAM']]);
  });
});
