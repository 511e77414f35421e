// ---------------------------------------------------------------- README sample (entities.ts)
import { Entity, EntitySchema, PrimaryKey, Property, defineEntity } from '@mikro-orm/core';

/** ERP side, decorator style: every property has an explicit `type`. */
@Entity()
export class Customer {
  @PrimaryKey({ type: 'string', length: 20 }) no!: string;
  @Property({ type: 'string', length: 100 }) name!: string;
  @Property({ type: 'string', length: 30, nullable: true }) city?: string | null;
  @Property({ type: 'string', length: 30, nullable: true }) phone?: string | null;
  @Property({ type: 'string', length: 20, nullable: true }) salespersonCode?: string | null;
  @Property({ type: 'string', length: 10, nullable: true }) paymentTermsCode?: string | null;
  @Property({ type: 'boolean', default: false }) blocked: boolean = false;
  @Property({ type: 'datetime', index: true }) modifiedOn: Date = new Date();
  @Property({ type: 'string', nullable: true }) modifiedBy?: string | null;
}

/** ERP side, EntitySchema style. */
export interface Salesperson { code: string; name: string; modifiedOn: Date; modifiedBy?: string | null }
export const SalespersonSchema = new EntitySchema<Salesperson>({
  name: 'Salesperson',
  properties: {
    code: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 50 },
    modifiedOn: { type: 'datetime', index: true },
    modifiedBy: { type: 'string', nullable: true },
  },
});

/** A stand-in CRM for local runs (defineEntity style); with Dataverse you use @tandem/dataverse instead. */
export const SystemUserEntity = defineEntity({
  name: 'systemuser',
  properties: (p) => ({
    systemuserid: p.uuid().primary(),
    fullname: p.string().length(100),
    modifiedon: p.datetime().index(),
    modifiedby: p.string().nullable(),
  }),
});
export const AccountEntity = defineEntity({
  name: 'account',
  properties: (p) => ({
    accountid: p.uuid().primary(),
    name: p.string().length(160),
    address1_city: p.string().length(80).nullable(),
    telephone1: p.string().length(50).nullable(),
    ownerid: p.string().nullable(),
    paymenttermscode: p.integer().nullable(),
    customertypecode: p.integer().nullable(),
    modifiedon: p.datetime().index(),
    modifiedby: p.string().nullable(),
  }),
});

// ---------------------------------------------------------------- README sample (plugins)
import {
  EVERY_MAPPING, SyncStage, TOKENS, inject, injectable,
  type InjectionToken, type PluginRegistry, type SyncHooks, type TableDefinition, type TandemPlugin,
} from '@tandem/core';

/** Options the host hands to the plugin through the container. */
export interface CustomerPluginOptions { defaultCity: string }
export const CUSTOMER_PLUGIN_OPTIONS: InjectionToken<CustomerPluginOptions> = Symbol('CustomerPluginOptions');

const SALESPERSON_PLUGIN = 'salesperson-user';

@injectable()
export class SalespersonUserPlugin implements TandemPlugin {
  readonly name = SALESPERSON_PLUGIN;

  register(registry: PluginRegistry): void {
    registry.addEntities(SalespersonSchema);
    registry.addMapping({
      name: 'SALESPERSON',
      businessTable: 'Salesperson',
      integrationTable: 'systemuser',
      direction: 'fromIntegration',
      createNewOnNoMatch: false,
      fields: [{ business: 'name', integration: 'fullname', match: {} }],
    });
  }
}

const PLUGIN_NAME = 'customer-account';

/** The CRM `account` table as the integration store describes it (a Dataverse plugin would import it). */
const accountTable: TableDefinition = {
  name: 'account', idField: 'accountid', modifiedOnField: 'modifiedon', modifiedByField: 'modifiedby', nameField: 'name',
  fields: {
    accountid: { name: 'accountid', type: 'uuid', readOnly: true },
    name: { name: 'name', type: 'string', maxLength: 160 },
    address1_city: { name: 'address1_city', type: 'string', maxLength: 80, nullable: true },
    telephone1: { name: 'telephone1', type: 'string', maxLength: 50, nullable: true },
    ownerid: { name: 'ownerid', type: 'lookup', references: 'systemuser', nullable: true },
    paymenttermscode: { name: 'paymenttermscode', type: 'option', nullable: true },
    customertypecode: { name: 'customertypecode', type: 'option', nullable: true },
    modifiedon: { name: 'modifiedon', type: 'datetime', readOnly: true },
    modifiedby: { name: 'modifiedby', type: 'string', readOnly: true, nullable: true },
  },
};

@injectable()
export class CustomerAccountPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [SALESPERSON_PLUGIN];

  constructor(
    @inject(CUSTOMER_PLUGIN_OPTIONS) private readonly options: CustomerPluginOptions,
    @inject(TOKENS.hooks) private readonly hooks: SyncHooks,
  ) {}

  register(registry: PluginRegistry): void {
    registry.addEntities(Customer);
    registry.addIntegrationTable(accountTable); // optional: otherwise the integration store's describe() is asked

    registry.addTransformationRule('digitsOnly', (value) => (value == null ? null : String(value).replace(/\D/g, '')));
    registry.addOptionMappings('paymentterms', [
      { business: '30 DAYS', integration: 1, label: 'Net 30' },
      { business: '45 DAYS', integration: 3, label: 'Net 45' },
      { business: '60 DAYS', integration: 4, label: 'Net 60' },
    ]);

    registry.addMapping({
      name: 'CUSTOMER',
      businessTable: 'Customer',
      integrationTable: 'account',
      dependsOn: ['SALESPERSON'],
      businessFilter: { blocked: false },
      updateConflictResolution: 'sendUpdateToIntegration',
      fields: [
        { business: 'name', integration: 'name', match: { priority: 1 } },
        { business: 'city', integration: 'address1_city', transform: [{ rule: 'trim' }, { rule: 'titleCase' }], transformDirection: 'toIntegration' },
        { business: 'phone', integration: 'telephone1', direction: 'toIntegration', transform: [{ rule: 'digitsOnly' }] },
        { business: 'salespersonCode', integration: 'ownerid', reference: { mapping: 'SALESPERSON' }, clearValueOnFailedSync: true },
        { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterms' },
        { integration: 'customertypecode', constant: 3, direction: 'toIntegration' },
      ],
      templates: { business: [{ name: 'FROM-CRM', values: { blocked: false } }] },
    });

    // A new ERP customer made from a CRM account needs its own number; a new account gets a default city.
    registry.hooks.onBeforeInsert.for('CUSTOMER').tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, async (ctx) => {
      if (ctx.direction === 'fromIntegration') ctx.values.no ??= `CRM-${ctx.source.id.slice(0, 8).toUpperCase()}`;
      else ctx.values.address1_city ??= this.options.defaultCity;
    });

    // Every mapping: a line per finished job.
    this.hooks.onJobEnd.for(EVERY_MAPPING).tap({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, ({ job }) => {
      console.log(`${job.mapping} ${job.direction}: +${job.inserted} ~${job.modified} !${job.failed}`);
    });
  }
}

// ---------------------------------------------------------------- README sample (main.ts)
import { MikroORM } from '@mikro-orm/sqlite';
import { MikroOrmStore, container, createHost } from '@tandem/core';

export async function main(erpFile = 'erp.sqlite', crmFile = ':memory:') {
  // The stand-in CRM: a second SQLite database (a real host passes a DataverseStore here).
  const crm = await MikroORM.init({ dbName: crmFile, entities: [AccountEntity, SystemUserEntity] });
  await crm.schema.updateSchema({ safe: true });

  const parent = container.createChildContainer();
  parent.register(CUSTOMER_PLUGIN_OPTIONS, { useValue: { defaultCity: 'Oslo' } });

  const host = await createHost({
    plugins: [CustomerAccountPlugin, SalespersonUserPlugin], // booted in dependsOn order, not list order
    database: { dbName: erpFile },                           // the ERP database; Tandem's state lives here too
    business: { identity: 'tandem' },
    integration: new MikroOrmStore(crm, { name: 'crm', identity: 'crm-integration-user' }),
    container: parent,
  });
  return { host, crm };
}

// ---------------------------------------------------------------- checks (not in README)
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ErrorCodes, createHost as create2, type Host } from '@tandem/core';

let toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of toClose) await c();
  toClose = [];
});

describe('readme sample', () => {
  it('runs end to end', async () => {
    const { host, crm } = await main(':memory:', ':memory:');
    toClose.push(async () => { await host.close(); await crm.close(); });
    const userId = randomUUID();
    await crm.em.fork().insert('systemuser', { systemuserid: userId, fullname: 'Anna Berg', modifiedon: new Date(), modifiedby: 'x' });
    const em = host.orm.em.fork();
    await em.insert('Salesperson', { code: 'AB', name: 'anna berg', modifiedOn: new Date() });
    await em.insertMany('Customer', [
      { no: 'C1', name: 'Alpha', city: '  oslo west ', phone: '+47 (22) 33', salespersonCode: 'AB', paymentTermsCode: '30 days', blocked: false, modifiedOn: new Date(), modifiedBy: 'u' },
      { no: 'C2', name: 'Beta', city: null, phone: null, salespersonCode: 'ZZ', paymentTermsCode: null, blocked: false, modifiedOn: new Date(), modifiedBy: 'u' },
      { no: 'C3', name: 'Blocked', blocked: true, modifiedOn: new Date(), modifiedBy: 'u' },
    ]);
    const m = await host.engine.match('SALESPERSON');
    expect(m).toMatchObject({ coupled: 1, failed: 0, type: 'coupling' });
    const jobs = await host.engine.fullSync('CUSTOMER');
    console.log(jobs);
    console.log(await host.state.jobErrors());
    const accounts = await crm.em.fork().find('account', {}, { disableIdentityMap: true });
    console.log(accounts);
    expect(accounts).toHaveLength(2);
    // a CRM account created by a user flows to the ERP on a full sync
    await crm.em.fork().insert('account', { accountid: randomUUID(), name: 'Gamma', modifiedon: new Date(Date.now() + 50), modifiedby: 'crm-user' });
    const jobs2 = await host.engine.fullSync('CUSTOMER');
    console.log(jobs2);
    console.log(await em.fork().find('Customer', {}, { disableIdentityMap: true }));
    const all = await host.engine.runAll();
    console.log(all.map((j) => [j.mapping, j.direction, j.inserted, j.modified, j.unchanged, j.failed]));
    console.log(await host.state.listCouplings('CUSTOMER'));
  });

  it('TOKENS.orm cannot be injected into a plugin', async () => {
    @injectable()
    class NeedsOrm implements TandemPlugin {
      readonly name = 'needs-orm';
      constructor(@inject(TOKENS.orm) readonly orm: unknown) {}
      register(): void {}
    }
    const err = await create2({ plugins: [NeedsOrm], database: { dbName: ':memory:' }, integration: new MikroOrmStore(await MikroORM.init({ dbName: ':memory:', entities: [AccountEntity] })) }).catch((e) => e);
    console.log('INJECT ORM:', String(err));
  });

  it('boot errors', async () => {
    const crm = await MikroORM.init({ dbName: ':memory:', entities: [AccountEntity, SystemUserEntity] });
    const integration = new MikroOrmStore(crm);
    const p = (name: string, dependsOn: string[] = []): TandemPlugin => ({ name, dependsOn, register() {} });
    for (const plugins of [[p('a', ['b'])], [p('a', ['b']), p('b', ['a'])], [p('a'), p('a')]]) {
      const err = await create2({ plugins, database: { dbName: ':memory:' }, integration }).catch((e) => e);
      console.log('BOOT:', err.code, err.message);
    }
    const bad: TandemPlugin = {
      name: 'bad',
      register(r) {
        r.addMapping({ name: 'X', businessTable: 'Nope', integrationTable: 'account', dependsOn: ['Y'], pageSize: 0,
          fields: [{ business: 'a', integration: 'nope', transform: [{ rule: 'zzz' }] }, { integration: 'name', constant: 'x', direction: 'fromIntegration' }] });
      },
    };
    const err = await create2({ plugins: [bad], database: { dbName: ':memory:' }, integration }).catch((e) => e);
    console.log('VALIDATION:', err.code, err.message);
    await crm.close();
  });

  it('hook failure, skipping, restore, afterCommit', async () => {
    const { host, crm } = await main(':memory:', ':memory:');
    toClose.push(async () => { await host.close(); await crm.close(); });
    host.hooks.onBeforeInsert.for('CUSTOMER').tapPromise('Thrower', async (ctx) => {
      if (ctx.source.id === 'C2') throw new Error('boom');
    });
    const em = host.orm.em.fork();
    await em.insertMany('Customer', [
      { no: 'C1', name: 'Alpha', blocked: false, modifiedOn: new Date(), modifiedBy: 'u' },
      { no: 'C2', name: 'Beta', blocked: false, modifiedOn: new Date(), modifiedBy: 'u' },
    ]);
    const j1 = await host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    console.log(j1, await host.state.jobErrors());
    const j2 = await host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    console.log(j2, (await host.state.listCouplings('CUSTOMER')).map((c) => [c.businessId, c.integrationId, c.skipped, c.failureCount, c.lastResultToIntegration]));
    const j3 = await host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    console.log('J3', j3);
    console.log('RESTORED', await host.engine.restore('CUSTOMER'));
    host.hooks.onAfterCommit.for('CUSTOMER').tap('CommitThrower', () => { throw new Error('after commit boom'); });
    const err = await host.engine.run('CUSTOMER', { direction: 'toIntegration' }).catch((e) => e);
    console.log('AFTERCOMMIT:', err?.code, err?.message, (await host.state.jobs('CUSTOMER')).at(-1));
    // couple twice
    const c1 = (await host.state.listCouplings('CUSTOMER')).find((c) => c.businessId === 'C1')!;
    const e2 = await host.engine.couple('CUSTOMER', 'C1', c1.integrationId!).catch((e) => e);
    console.log('COUPLE AGAIN:', String(e2));
    expect(ErrorCodes.HOOK_FAILED).toBe('TANDEM_HOOK_FAILED');
  });

  it('settings update/reset', async () => {
    const { host, crm } = await main(':memory:', ':memory:');
    toClose.push(async () => { await host.close(); await crm.close(); });
    const h: Host = host;
    await h.mappings.update('CUSTOMER', { pageSize: 100, direction: 'toIntegration' });
    console.log(h.mappings.get('CUSTOMER').pageSize, (await h.state.mappingState('CUSTOMER'))?.settings);
    const e = await h.mappings.update('CUSTOMER', { pageSize: -1 }).catch((x) => x);
    console.log('UPDATE BAD:', e.code, e.message);
    const e2 = await h.mappings.update('CUSTOMER', { fields: [] } as never).catch((x) => x);
    console.log('UPDATE UNKNOWN:', e2.code, e2.message);
    await h.mappings.reset('CUSTOMER');
    console.log(h.mappings.get('CUSTOMER').pageSize, h.mappings.defaults('CUSTOMER'));
  });
});
