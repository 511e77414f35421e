import { MikroORM } from '@mikro-orm/sqlite';
import { AsyncSeriesHook } from 'tapable';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCodes, HostServices, MikroOrmStore, TOKENS, TandemError, container as rootContainer, createHooksRegistry, createHost, guardTaps, inject, injectable,
  type Clock, type Host, type InjectionToken, type LogBindings, type Logger, type PluginClass, type PluginRegistry, type SyncEngine, type TandemPlugin,
} from '../src/index';
import { AccountSchema, CustomerSchema, SalespersonSchema, SystemUserSchema } from './fixtures/entities';
import { customerMapping, insertCustomers } from './fixtures/twoDatabases';

const open: { host: Host; integrationOrm: MikroORM }[] = [];
afterEach(async () => {
  for (const booted of open.splice(0)) {
    await booted.host.close();
    await booted.integrationOrm.close();
  }
});

/** A logger that keeps its lines, as a pino logger would write them. */
function memoryLogger(lines: { level: string; bindings: LogBindings; message: string }[], base: LogBindings = {}): Logger {
  const at = (level: string) => (bindings: LogBindings, message: string) => void lines.push({ level, bindings: { ...base, ...bindings }, message });
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => memoryLogger(lines, { ...base, ...more }) };
}

const fixedClock: Clock = { now: () => new Date('2030-01-02T03:04:05.000Z') };

async function boot(plugins: (PluginClass | TandemPlugin)[], options: { logger?: Logger; clock?: Clock } = {}): Promise<Host> {
  const integrationOrm = await MikroORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
  await integrationOrm.schema.updateSchema({ safe: true });
  try {
    const host = await createHost({
      plugins, database: { dbName: ':memory:' }, integration: new MikroOrmStore(integrationOrm, { name: 'integration' }),
      container: rootContainer.createChildContainer(), ...options,
    });
    open.push({ host, integrationOrm });
    return host;
  } catch (error) {
    await integrationOrm.close();
    throw error;
  }
}

async function bootError(plugins: (PluginClass | TandemPlugin)[]): Promise<TandemError> {
  const error = await boot(plugins).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

/** The customer entities and mapping, as the other plugins of these tests need them. */
const customers: TandemPlugin = {
  name: 'customers',
  register: (registry) => void registry.addEntities(CustomerSchema, SalespersonSchema).addMapping(customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false })),
};

// --- An ERP plugin that provides a posting service and offers a hook of its own ------------------------------------

interface PostedOrder { orderNo: string; customerNo: string }
/** The ERP plugin's own hooks, one set per host. */
const getErpHooks = createHooksRegistry(() => ({
  afterPostSalesOrder: guardTaps('afterPostSalesOrder', new AsyncSeriesHook<[PostedOrder]>(['order'])),
}));
interface PostingService { post(orderNo: string, customerNo: string): Promise<PostedOrder> }
const POSTING: InjectionToken<PostingService> = Symbol('PostingService');

@injectable()
class ErpPlugin implements TandemPlugin {
  readonly name = 'erp';
  readonly dependsOn = ['customers'];
  constructor(@inject(TOKENS.hooks) private readonly hooks: import('../src/index').SyncHooks) {}
  register(registry: PluginRegistry): void {
    registry.provide(POSTING, {
      useFactory: (services) => ({
        post: async (orderNo, customerNo) => {
          const [customer] = await services.stores.business.getByIds('Customer', [customerNo]);
          if (!customer) throw new Error(`customer ${customerNo} does not exist`);
          const order = { orderNo, customerNo };
          await getErpHooks(this.hooks).afterPostSalesOrder.promise(order);
          return order;
        },
      }),
    });
  }
}

@injectable()
class SalesOrderPlugin implements TandemPlugin {
  readonly name = 'sales-order';
  readonly dependsOn = ['erp'];
  readonly posted: string[] = [];
  posting?: PostingService;
  register(registry: PluginRegistry): void {
    getErpHooks(registry.hooks).afterPostSalesOrder.tap('sales-order', (order) => void this.posted.push(`${order.orderNo}/${order.customerNo}`));
  }
  ready(services: HostServices): void {
    this.posting = services.resolve(POSTING);
  }
}

describe('plugins get services by injection', () => {
  it('the logger and clock by constructor; the engine, stores, state, settings and leases in ready, in dependency order', async () => {
    const lines: { level: string; bindings: LogBindings; message: string }[] = [];
    const order: string[] = [];

    @injectable()
    class ReportPlugin implements TandemPlugin {
      readonly name = 'report';
      readonly dependsOn = ['customers'];
      seen: Record<string, unknown> = {};
      constructor(
        @inject(TOKENS.logger) private readonly logger: Logger,
        @inject(TOKENS.clock) private readonly clock: Clock,
        @inject(TOKENS.services) private readonly services: HostServices,
      ) {}
      register(): void {
        this.seen.readyAtRegister = this.services.isReady;
      }
      async ready(services: HostServices): Promise<void> {
        order.push(this.name);
        expect(services).toBe(this.services);
        const log = this.logger.child({ plugin: this.name });
        const [job] = await services.engine.fullSync('CUSTOMER');
        log.info({ mapping: job!.mapping, inserted: job!.inserted, at: this.clock.now().toISOString() }, 'synchronized at boot');
        this.seen = {
          ...this.seen,
          jobs: (await services.state.jobs('CUSTOMER')).length,
          business: services.stores.business.name,
          integration: services.stores.integration === services.container.resolve(TOKENS.integrationStore),
          mappings: services.mappings.all().map((m) => m.name),
          lease: await services.leases.current('CUSTOMER'),
          orm: services.orm === services.container.resolve(TOKENS.orm),
        };
      }
    }
    const first: TandemPlugin = {
      name: 'customers',
      register: (registry) => void registry.addEntities(CustomerSchema, SalespersonSchema).addMapping(customerMapping({ direction: 'toIntegration', syncOnlyCoupled: false })),
      ready: async (services) => {
        order.push('customers');
        await insertCustomers({ orm: services.orm } as Host, [{ name: 'Alpha' }, { name: 'Beta' }]);
      },
    };
    const host = await boot([ReportPlugin, first], { logger: memoryLogger(lines), clock: fixedClock });
    const plugin = host.plugins.find((p) => p.name === 'report') as ReportPlugin;
    expect(order).toEqual(['customers', 'report']);
    expect(plugin.seen).toEqual({
      readyAtRegister: false, jobs: 1, business: 'business', integration: true, mappings: ['CUSTOMER'], lease: null, orm: true,
    });
    expect(lines).toEqual([{
      level: 'info', bindings: { plugin: 'report', mapping: 'CUSTOMER', inserted: 2, at: '2030-01-02T03:04:05.000Z' }, message: 'synchronized at boot',
    }]);
    expect(host.container.resolve(TOKENS.logger)).toBe(host.logger);
    expect(host.container.resolve(TOKENS.clock)).toBe(fixedClock);
    expect(host.container.resolve(TOKENS.engine)).toBe(host.engine);
  });

  it('a plugin takes a service another plugin provides, and taps a hook that plugin offers, which the provider calls', async () => {
    const host = await boot([SalesOrderPlugin, ErpPlugin, customers]);
    await insertCustomers(host, [{ name: 'Alpha' }]);
    const sales = host.plugins.find((p) => p.name === 'sales-order') as SalesOrderPlugin;
    expect(await sales.posting!.post('SO-1', 'C0001')).toEqual({ orderNo: 'SO-1', customerNo: 'C0001' });
    expect(sales.posted).toEqual(['SO-1/C0001']);
    expect(host.container.resolve(POSTING)).toBe(sales.posting); // one instance per host

    // A tap that throws names the hook and the tap, as the host's own hooks do.
    getErpHooks(host.hooks).afterPostSalesOrder.tap('auditor', () => {
      throw new Error('audit log is full');
    });
    await expect(sales.posting!.post('SO-2', 'C0001')).rejects.toThrow('Hook afterPostSalesOrder, tap "auditor" failed: audit log is full');

    // Another host has its own set of the ERP's hooks: taps never cross hosts.
    const other = await boot([SalesOrderPlugin, ErpPlugin, customers]);
    expect(getErpHooks(other.hooks)).not.toBe(getErpHooks(host.hooks));
    expect(getErpHooks(other.hooks).afterPostSalesOrder.taps.map((t) => t.name)).toEqual(['sales-order']);
  });

  it('a provided service goes only to plugins that depend on its provider; a token provided twice fails boot', async () => {
    const outsider: TandemPlugin = { name: 'outsider', dependsOn: ['customers'], register: () => undefined, ready: (services) => void services.resolve(POSTING) };
    const error = await bootError([ErpPlugin, customers, outsider]);
    expect(error.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(error.message).toBe('plugin "outsider" uses Symbol(PostingService), which plugin "erp" provides, but does not depend on it: add "erp" to its dependsOn');

    // Through another plugin counts as depending.
    const indirect: TandemPlugin = { name: 'indirect', dependsOn: ['sales-order'], register: () => undefined, ready: (services) => void services.resolve(POSTING) };
    await boot([ErpPlugin, customers, SalesOrderPlugin, indirect]);

    const twice: TandemPlugin = { name: 'erp-two', dependsOn: ['erp'], register: (r) => void r.provide(POSTING, { useValue: { post: async () => ({ orderNo: '', customerNo: '' }) } }) };
    const duplicate = await bootError([ErpPlugin, customers, twice]);
    expect(duplicate.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(duplicate.message).toBe('plugin "erp-two": service Symbol(PostingService) is already provided by plugin "erp"');
  });

  it('the engine touched before the host is ready, or injected into a constructor, fails with a clear error', async () => {
    @injectable()
    class EagerPlugin implements TandemPlugin {
      readonly name = 'eager';
      constructor(@inject(TOKENS.services) private readonly services: HostServices) {}
      register(): void {
        void this.services.engine.run('CUSTOMER');
      }
    }
    const early = await bootError([EagerPlugin, customers]);
    expect(early.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(early.message).toBe(
      'plugin "eager": the engine is not available before the host is ready; use it in ready(services) or later (in taps), not in the constructor or in register()',
    );

    @injectable()
    class EngineInConstructor implements TandemPlugin {
      readonly name = 'engine-in-constructor';
      constructor(@inject(TOKENS.engine) readonly engine: SyncEngine) {}
      register(): void {}
    }
    const injected = await bootError([EngineInConstructor, customers]);
    expect(injected.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(injected.message).toContain('plugin class "EngineInConstructor" injects the engine, which is not available before the host is ready');
  });

  it('a constructor parameter without @inject fails with TANDEM_PLUGIN_INVALID naming the class, not tsyringe\'s TypeInfo error', async () => {
    class Undecorated implements TandemPlugin {
      readonly name = 'undecorated';
      constructor(readonly logger: Logger) {}
      register(): void {}
    }
    const error = await bootError([Undecorated, customers]);
    expect(error.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(error.message).toBe(
      'plugin class "Undecorated" cannot be constructed: put @inject(TOKEN) on every constructor parameter of Undecorated (and @injectable() on the class); parameter #0 has none',
    );

    @injectable()
    class HalfDecorated implements TandemPlugin {
      readonly name = 'half';
      constructor(@inject(TOKENS.logger) readonly logger: Logger, readonly clock: Clock) {}
      register(): void {}
    }
    const half = await bootError([HalfDecorated, customers]);
    expect(half.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(half.message).toContain('put @inject(TOKEN) on every constructor parameter of HalfDecorated (and @injectable() on the class); parameter #1 has none');

    // @inject everywhere but no @injectable(): tsyringe's "TypeInfo not known" becomes the same error.
    class NotInjectable implements TandemPlugin {
      readonly name = 'not-injectable';
      constructor(@inject(TOKENS.logger) readonly logger: Logger) {}
      register(): void {}
    }
    const typeInfo = await bootError([NotInjectable, customers]);
    expect(typeInfo.code).toBe(ErrorCodes.PLUGIN_INVALID);
    expect(typeInfo.message).toBe(
      'plugin class "NotInjectable" cannot be constructed: put @inject(TOKEN) on every constructor parameter of NotInjectable (and @injectable() on the class)',
    );
  });
});
