import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntitySchema } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCodes,
  MikroOrmStore,
  PLUGIN,
  PluginRegistry,
  TOKENS,
  TandemError,
  container as rootContainer,
  createHost,
  inject,
  injectable,
  type DependencyContainer,
  type Host,
  type InjectionToken,
  type PluginClass,
  type SyncHooks,
  type TableDefinition,
  type TandemPlugin,
} from '../src/index';
import { AccountSchema, CustomerSchema, SalespersonSchema, SystemUserSchema } from './fixtures/entities';
import { CUSTOMER_FIELDS, insertCustomers, integrationRows, testPlugin } from './fixtures/twoDatabases';

interface Booted {
  host: Host;
  integrationOrm: MikroORM;
}

const open: Booted[] = [];
afterEach(async () => {
  for (const booted of open.splice(0)) {
    await booted.host.close();
    await booted.integrationOrm.close();
  }
});

/** Boots a host over a business SQLite database (":memory:" or a file) and an in-memory CRM-like database. */
async function boot(plugins: (PluginClass | TandemPlugin)[], options: { container?: DependencyContainer; businessFile?: string } = {}): Promise<Booted> {
  const integrationOrm = await MikroORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
  await integrationOrm.schema.updateSchema({ safe: true });
  try {
    const host = await createHost({
      plugins,
      database: { dbName: options.businessFile ?? ':memory:' },
      business: { identity: 'business-integration-user' },
      integration: new MikroOrmStore(integrationOrm, { name: 'integration', identity: 'crm-integration-user' }),
      ...(options.container ? { container: options.container } : {}),
    });
    const booted = { host, integrationOrm };
    open.push(booted);
    return booted;
  } catch (error) {
    await integrationOrm.close();
    throw error;
  }
}

async function bootError(plugins: (PluginClass | TandemPlugin)[], options: { container?: DependencyContainer } = {}): Promise<TandemError> {
  const error = await boot(plugins, options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

const customerMapping = testPlugin([{ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS }]);

/** A log every plugin of a test writes to, injected from the parent container. */
const LOG: InjectionToken<string[]> = Symbol('BootLog');
const GREETING: InjectionToken<string> = Symbol('Greeting');

function logged(parentLog: string[]): DependencyContainer {
  const parent = rootContainer.createChildContainer();
  parent.register(LOG, { useValue: parentLog });
  return parent;
}

@injectable()
class SalespeoplePlugin implements TandemPlugin {
  readonly name = 'Salespeople';
  constructor(@inject(LOG) private readonly log: string[]) {}
  register(registry: PluginRegistry): void {
    registry.addEntities(SalespersonSchema);
    this.log.push(this.name);
  }
}

@injectable()
class CustomersPlugin implements TandemPlugin {
  readonly name = 'Customers';
  readonly dependsOn = ['Salespeople'];
  constructor(@inject(LOG) private readonly log: string[]) {}
  register(registry: PluginRegistry): void {
    registry.addEntities(CustomerSchema);
    this.log.push(this.name);
  }
}

@injectable()
class ItemsPlugin implements TandemPlugin {
  readonly name = 'Items';
  constructor(@inject(LOG) private readonly log: string[]) {}
  register(): void {
    this.log.push(this.name);
  }
}

@injectable()
class OrdersPlugin implements TandemPlugin {
  readonly name = 'Orders';
  readonly dependsOn = ['Customers', 'Items'];
  constructor(@inject(LOG) private readonly log: string[]) {}
  register(): void {
    this.log.push(this.name);
  }
}

@injectable()
class GreetingPlugin implements TandemPlugin {
  readonly name = 'Greeting';
  registeredWith?: PluginRegistry;
  constructor(
    @inject(TOKENS.hooks) readonly hooks: SyncHooks,
    @inject(TOKENS.registry) readonly registry: PluginRegistry,
    @inject(GREETING) readonly greeting: string,
  ) {}
  register(registry: PluginRegistry): void {
    this.registeredWith = registry;
    registry.addEntities(CustomerSchema, SalespersonSchema);
  }
}

/** Checks that every plugin comes after the plugins it depends on. */
function expectDependencyOrder(order: readonly string[], dependencies: Record<string, string[]>): void {
  for (const [plugin, dependsOn] of Object.entries(dependencies)) {
    for (const dependency of dependsOn) expect(order.indexOf(dependency), `${dependency} before ${plugin}`).toBeLessThan(order.indexOf(plugin));
  }
}

describe('a child container per host', () => {
  it('two hosts share neither hooks, plugin instances nor registrations', async () => {
    const a = await boot([GreetingPlugin, customerMapping], { container: (() => { const c = rootContainer.createChildContainer(); c.register(GREETING, { useValue: 'a' }); return c; })() });
    const b = await boot([GreetingPlugin, { ...customerMapping, name: 'OtherTestPlugin' }], {
      container: (() => { const c = rootContainer.createChildContainer(); c.register(GREETING, { useValue: 'b' }); return c; })(),
    });
    expect(a.host.container).not.toBe(b.host.container);
    expect(a.host.hooks).not.toBe(b.host.hooks);
    expect(a.host.container.resolve(TOKENS.hooks)).toBe(a.host.hooks);
    expect(b.host.container.resolve(TOKENS.hooks)).toBe(b.host.hooks);
    expect(a.host.container.resolve(TOKENS.engine)).toBe(a.host.engine);
    expect(b.host.container.resolve(TOKENS.engine)).toBe(b.host.engine);

    // Each host resolved its own plugin instance, with its own container's values.
    const greetingA = a.host.plugins.find((p) => p.name === 'Greeting') as GreetingPlugin;
    const greetingB = b.host.plugins.find((p) => p.name === 'Greeting') as GreetingPlugin;
    expect(greetingA).not.toBe(greetingB);
    expect([greetingA.greeting, greetingB.greeting]).toEqual(['a', 'b']);
    expect(greetingA.hooks).toBe(a.host.hooks);
    expect(greetingB.hooks).toBe(b.host.hooks);

    // Booted plugins are registered in their host's container only.
    expect(a.host.container.resolveAll(PLUGIN).map((p) => p.name)).toEqual(['Greeting', 'TestPlugin']);
    expect(b.host.container.resolveAll(PLUGIN).map((p) => p.name)).toEqual(['Greeting', 'OtherTestPlugin']);
    const MARK: InjectionToken<string> = Symbol('Mark');
    a.host.container.register(MARK, { useValue: 'only a' });
    expect(b.host.container.isRegistered(MARK, true)).toBe(false);
    // Nothing leaked into the global container.
    expect(rootContainer.isRegistered(TOKENS.hooks, true)).toBe(false);
    expect(rootContainer.isRegistered(PLUGIN, true)).toBe(false);

    // A tap on one host's hooks never hears the other host's runs.
    const heard: string[] = [];
    a.host.hooks.onJobStart.for('CUSTOMER').tap('Listener', ({ job }) => void heard.push(job.id));
    await insertCustomers(b.host, [{ name: 'Only in b' }]);
    await b.host.engine.fullSync('CUSTOMER');
    expect(heard).toEqual([]);
    const [jobA] = await a.host.engine.fullSync('CUSTOMER');
    expect(heard).toEqual([jobA!.id]);
  });

  it('constructor injection: the host\'s tokens and a custom token from the parent container', async () => {
    const parent = rootContainer.createChildContainer();
    parent.register(GREETING, { useValue: 'hello from the parent' });
    const { host } = await boot([GreetingPlugin, customerMapping], { container: parent });
    const plugin = host.plugins.find((p) => p.name === 'Greeting') as GreetingPlugin;
    expect(plugin).toBeInstanceOf(GreetingPlugin);
    expect(plugin.greeting).toBe('hello from the parent');
    expect(plugin.hooks).toBe(host.hooks);
    expect(plugin.registry).toBeInstanceOf(PluginRegistry);
    expect(plugin.registeredWith).toBe(plugin.registry);
    // The host works in a child of the given container: it sees the parent's registrations, the parent not its own.
    expect(host.container).not.toBe(parent);
    expect(host.container.resolve(GREETING)).toBe('hello from the parent');
    expect(parent.isRegistered(TOKENS.hooks, true)).toBe(false);
    expect(parent.isRegistered(TOKENS.engine, true)).toBe(false);
  });
});

describe('boot order and dependencies', () => {
  const dependencies = { Customers: ['Salespeople'], Orders: ['Customers', 'Items'] };

  it('plugins register in dependency order, whatever the order they are listed in', async () => {
    const log: string[] = [];
    const { host } = await boot([OrdersPlugin, CustomersPlugin, ItemsPlugin, SalespeoplePlugin], { container: logged(log) });
    expect(log).toEqual(['Salespeople', 'Customers', 'Items', 'Orders']);
    expect(host.plugins.map((p) => p.name)).toEqual(log);
    expectDependencyOrder(log, dependencies);

    const reversed: string[] = [];
    await boot([SalespeoplePlugin, ItemsPlugin, CustomersPlugin, OrdersPlugin], { container: logged(reversed) });
    expect(reversed).toEqual(['Salespeople', 'Items', 'Customers', 'Orders']);
    expectDependencyOrder(reversed, dependencies);
  });

  it('a missing dependency fails boot, naming the plugin and what it misses', async () => {
    const log: string[] = [];
    const error = await bootError([OrdersPlugin, ItemsPlugin], { container: logged(log) });
    expect(error.code).toBe(ErrorCodes.PLUGIN_DEPENDENCY_MISSING);
    expect(error.message).toContain('"Orders" depends on "Customers"');
    expect(log).toEqual([]);
  });

  it('a circle fails boot, naming the plugins in order', async () => {
    const registered: string[] = [];
    const plugin = (name: string, dependsOn: string[]): TandemPlugin => ({ name, dependsOn, register: () => void registered.push(name) });
    const error = await bootError([plugin('A', ['B']), plugin('B', ['C']), plugin('C', ['A']), plugin('D', [])]);
    expect(error.code).toBe(ErrorCodes.PLUGIN_DEPENDENCY_CIRCULAR);
    expect(error.message).toContain('A → B → C → A');
    expect(error.message).not.toContain('D');
    expect(registered).toEqual([]);
  });

  it('a plugin without a name or without register() fails fast, before any plugin registers', async () => {
    const registered: string[] = [];
    const good: TandemPlugin = { name: 'Good', register: () => void registered.push('Good') };
    const nameless = { register: () => void registered.push('nameless') } as unknown as TandemPlugin;
    const noRegister = { name: 'NoRegister' } as unknown as TandemPlugin;

    const first = await bootError([good, nameless]);
    expect(first.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(first.message).toContain('plugin #2 has no name');

    const second = await bootError([good, noRegister]);
    expect(second.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(second.message).toContain('plugin "NoRegister" has no register(registry) method');

    const third = await bootError([good, { ...good }]);
    expect(third.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(third.message).toContain('plugin "Good" is given more than once');
    expect(registered).toEqual([]);
  });
});

describe('what plugins register', () => {
  const table: TableDefinition = {
    name: 'lead', idField: 'leadid', modifiedOnField: 'modifiedon',
    fields: { leadid: { name: 'leadid', type: 'uuid' }, subject: { name: 'subject', type: 'string' }, modifiedon: { name: 'modifiedon', type: 'datetime' } },
  };

  it('a transformation rule registered twice fails boot, naming the plugin that registered it again', async () => {
    const error = await bootError([
      { name: 'First', register: (r) => void r.addTransformationRule('shout', (v) => String(v).toUpperCase()) },
      { name: 'Second', dependsOn: ['First'], register: (r) => void r.addTransformationRule('shout', (v) => String(v)) },
    ]);
    expect(error.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(error.message).toBe('plugin "Second": transformation rule "shout" is already registered');

    const builtIn = await bootError([{ name: 'Overrider', register: (r) => void r.addTransformationRule('upper', (v) => v) }]);
    expect(builtIn.message).toBe('plugin "Overrider": transformation rule "upper" is already registered');
  });

  it('an integration table registered twice fails boot, naming the plugin', async () => {
    const error = await bootError([
      { name: 'Leads', register: (r) => void r.addIntegrationTable(table) },
      { name: 'MoreLeads', dependsOn: ['Leads'], register: (r) => void r.addIntegrationTable({ ...table }) },
    ]);
    expect(error.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(error.message).toBe('plugin "MoreLeads": integration table "lead" is already registered');
  });

  it('several plugins may register the same entity; another definition under its name fails, naming both plugins', async () => {
    const shared = await boot([
      { name: 'Customers', register: (r) => void r.addEntities(CustomerSchema, SalespersonSchema) },
      { name: 'Orders', dependsOn: ['Customers'], register: (r) => void r.addEntities(CustomerSchema) },
    ]);
    expect(shared.host.stores.business.definition('Customer').idField).toBe('no');

    const impostor = new EntitySchema<{ id: string; modifiedOn: Date }>({
      name: 'Customer', properties: { id: { type: 'string', primary: true }, modifiedOn: { type: 'datetime' } },
    });
    const error = await bootError([
      { name: 'Customers', register: (r) => void r.addEntities(CustomerSchema) },
      { name: 'Impostor', dependsOn: ['Customers'], register: (r) => void r.addEntities(impostor) },
    ]);
    expect(error.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(error.message).toBe('plugin "Impostor": entity "Customer" is already registered by plugin "Customers" with another definition');
  });

  it('mappings remember the plugin that contributed them', async () => {
    const { host } = await boot([customerMapping]);
    expect(host.mappings.get('CUSTOMER').plugin).toBe('TestPlugin');
  });

  it('option mappings are seeded once: a second host on the same database adds only what is missing', async () => {
    const file = join(tmpdir(), `tandem-plugins-${randomUUID()}.sqlite`);
    const options = (entries: { business: string; integration: number; label?: string }[]) =>
      testPlugin([{ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS }], (r) =>
        r.addOptionMappings('paymentTerms', entries),
      );
    const terms = [{ business: 'NET30', integration: 1, label: 'Net 30' }, { business: 'COD', integration: 2 }];
    try {
      const first = await boot([options(terms)], { businessFile: file });
      const stored = await first.host.state.optionMappings(['paymentTerms']);
      expect(stored.map((o) => [o.businessValue, o.integrationValue, o.label]).sort()).toEqual([['COD', 2, null], ['NET30', 1, 'Net 30']]);
      // A user edits a seeded mapping; a later boot must keep the edit.
      await first.host.orm.em.fork().nativeUpdate('OptionMapping', { optionSet: 'paymentTerms', businessValue: 'NET30' }, { label: 'Thirty days' });
      await first.host.close();
      await first.integrationOrm.close();
      open.splice(open.indexOf(first), 1);

      const second = await boot([options(terms)], { businessFile: file });
      const again = await second.host.state.optionMappings(['paymentTerms']);
      expect(again).toHaveLength(2);
      expect(again.find((o) => o.businessValue === 'NET30')!.label).toBe('Thirty days');
      expect(await second.host.orm.em.fork().count('MappingState', {})).toBe(1);
      expect(await second.host.orm.em.fork().count('ScheduleEntry', {})).toBe(1);
      await second.host.close();
      await second.integrationOrm.close();
      open.splice(open.indexOf(second), 1);

      const third = await boot([options([...terms, { business: 'PREPAID', integration: 3 }])], { businessFile: file });
      const grown = await third.host.state.optionMappings(['paymentTerms']);
      expect(grown.map((o) => o.businessValue).sort()).toEqual(['COD', 'NET30', 'PREPAID']);
    } finally {
      for (const booted of open.splice(0)) {
        await booted.host.close();
        await booted.integrationOrm.close();
      }
      rmSync(file, { force: true });
    }
  });

  it('a plugin\'s own transformation rule, used in a mapping, transforms values end to end', async () => {
    @injectable()
    class BrandingPlugin implements TandemPlugin {
      readonly name = 'Branding';
      register(registry: PluginRegistry): void {
        registry.addTransformationRule('prefix', (value, step) => (value === null || value === undefined ? value : `${String(step.text)}${String(value)}`));
      }
    }
    const mappingPlugin: TandemPlugin = {
      name: 'CustomerMapping',
      dependsOn: ['Branding'],
      register(registry) {
        registry.addEntities(CustomerSchema, SalespersonSchema);
        registry.addMapping({
          name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration',
          fields: [
            { business: 'name', integration: 'name', transform: [{ rule: 'prefix', text: 'ERP-' }] },
            { business: 'city', integration: 'address1_city', transform: [{ rule: 'upper' }, { rule: 'prefix', text: '@' }] },
          ],
        });
      },
    };
    const { host, integrationOrm } = await boot([mappingPlugin, BrandingPlugin]);
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo' }, { name: 'Beta', city: null }]);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    const accounts = await integrationRows(integrationOrm);
    expect(accounts.map((a) => [a.name, a.address1_city]).sort()).toEqual([['ERP-Alpha', '@OSLO'], ['ERP-Beta', null]]);
    // Compared after the transform, nothing differs on the next full comparison.
    const [again] = await host.engine.fullSync('CUSTOMER');
    expect(again).toMatchObject({ inserted: 0, modified: 0, unchanged: 2, failed: 0 });
  });
});
