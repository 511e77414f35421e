import { MikroORM } from '@mikro-orm/sqlite';
import type { MikroORM as AnyMikroORM, Options } from '@mikro-orm/core';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { SyncEngine } from '../engine/SyncEngine';
import type { SyncEnvironment } from '../engine/SyncEnvironment';
import { ErrorCodes, MappingValidationError, TandemError, errorMessage } from '../errors/TandemError';
import { createSyncHooks, type SyncHooks } from '../hooks/SyncHooks';
import type { TableDefinition } from '../model/TableDefinition';
import type { TableMapping } from '../model/TableMapping';
import { dependencyOrder } from '../model/dependencies';
import { validateMappings } from '../model/validateMappings';
import { bootPlugins } from '../plugins/bootPlugins';
import { PluginRegistry } from '../plugins/PluginRegistry';
import type { PluginClass, TandemPlugin } from '../plugins/TandemPlugin';
import { stateEntities } from '../state/index';
import { StateStore } from '../state/StateStore';
import { BoundSqliteDriver } from '../stores/BoundSqliteDriver';
import { MikroOrmStore, type MikroOrmStoreOptions } from '../stores/MikroOrmStore';
import type { TableStore } from '../stores/TableStore';
import { builtInTransformationRules } from '../transform/TransformationRule';
import { MappingSettingsService } from './MappingSettingsService';
import { TOKENS } from './tokens';

export interface HostOptions {
  plugins: readonly (PluginClass | TandemPlugin)[];
  /**
   * The business database, which also holds Tandem's state: MikroORM options (SQLite unless you pass a `driver`), or
   * an ORM you initialized yourself with `stateEntities` among its entities.
   */
  database: Partial<Options> | { orm: AnyMikroORM };
  /** The business store's options: its identity and where entities keep their stamps. */
  business?: MikroOrmStoreOptions;
  /** The integration store, or a factory that builds it from the host's container. */
  integration: TableStore | ((container: DependencyContainer) => TableStore | Promise<TableStore>);
  /** A parent container; the host works in a child of it (the global container by default). */
  container?: DependencyContainer;
}

/** A running Tandem: plugins booted, schema up to date, mappings validated, the engine ready. */
export interface Host {
  readonly container: DependencyContainer;
  readonly hooks: SyncHooks;
  readonly engine: SyncEngine;
  readonly state: StateStore;
  readonly orm: AnyMikroORM;
  readonly stores: { business: MikroOrmStore; integration: TableStore };
  readonly mappings: MappingSettingsService;
  readonly plugins: readonly TandemPlugin[];
  close(): Promise<void>;
}

/**
 * Boots a host: a child container, the hooks, the plugins in dependency order, the business/state database (schema
 * created or updated idempotently), the stores, and the mappings — every problem with them in one error.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const container = (options.container ?? rootContainer).createChildContainer();
  const hooks = createSyncHooks();
  const registry = new PluginRegistry(hooks);
  for (const [name, rule] of Object.entries(builtInTransformationRules)) registry.rules.set(name, rule);
  container.register(TOKENS.hooks, { useValue: hooks });
  container.register(TOKENS.registry, { useValue: registry });
  const plugins = await bootPlugins(container, registry, options.plugins);

  const ownsOrm = !('orm' in options.database);
  const orm: AnyMikroORM =
    'orm' in options.database
      ? options.database.orm
      : await MikroORM.init({
        // Bound parameters instead of values inlined into the SQL text, unless the options name their own driver.
        driver: BoundSqliteDriver,
        ...options.database, entities: [...stateEntities, ...registry.entities, ...(options.database.entities ?? [])],
      } as Options);
  try {
    if (!orm.getMetadata().has('Coupling')) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, 'the database ORM must include Tandem\'s stateEntities among its entities');
    }
    await orm.schema.updateSchema({ safe: true });
    const state = new StateStore(orm);
    const business = new MikroOrmStore(orm, { name: 'business', ...options.business });
    const integration = typeof options.integration === 'function' ? await options.integration(container) : options.integration;

    const problems: string[] = [];
    const undescribed: string[] = [];
    const businessTables = new Map<string, TableDefinition>();
    const integrationTables = new Map<string, TableDefinition>(registry.integrationTables);
    for (const mapping of registry.mappings) {
      if (!businessTables.has(mapping.businessTable)) {
        try {
          businessTables.set(mapping.businessTable, business.definition(mapping.businessTable));
        } catch (error) {
          problems.push(`mapping "${mapping.name}": business table "${mapping.businessTable}": ${errorMessage(error)}`);
          undescribed.push(`unknown business table "${mapping.businessTable}"`);
        }
      }
      if (!integrationTables.has(mapping.integrationTable)) {
        try {
          integrationTables.set(mapping.integrationTable, await integration.describe(mapping.integrationTable));
        } catch (error) {
          problems.push(`mapping "${mapping.name}": integration table "${mapping.integrationTable}": ${errorMessage(error)}`);
          undescribed.push(`unknown integration table "${mapping.integrationTable}"`);
        }
      }
    }
    const context = { businessTables, integrationTables, transformationRules: new Set(registry.rules.keys()) };
    const validate = (mappings: TableMapping[]) => validateMappings(mappings, context);
    try {
      validate(registry.mappings);
    } catch (error) {
      if (!(error instanceof MappingValidationError)) throw error;
      // A table that could not be described is reported once, with the reason, not again as "unknown".
      problems.push(...error.problems.filter((p) => !undescribed.some((u) => p.endsWith(u))));
    }
    if (problems.length > 0) throw new MappingValidationError([...new Set(problems)]);

    const effective = await applyPersistedSettings(state, registry.mappings);
    validate(effective);
    await seedState(state, effective, registry);
    const mappings = new MappingSettingsService(state, registry.mappings, dependencyOrder(effective), validate);

    const env: SyncEnvironment = {
      stores: { business, integration }, tables: { business: businessTables, integration: integrationTables },
      state, hooks, rules: registry.rules, mappings: () => mappings.all(),
    };
    const engine = new SyncEngine(env);
    container.register(TOKENS.orm, { useValue: orm });
    container.register(TOKENS.state, { useValue: state });
    container.register(TOKENS.businessStore, { useValue: business });
    container.register(TOKENS.integrationStore, { useValue: integration });
    container.register(TOKENS.engine, { useValue: engine });
    return {
      container, hooks, engine, state, orm, stores: { business, integration }, mappings, plugins,
      close: async () => {
        if (ownsOrm) await orm.close();
        await container.dispose();
      },
    };
  } catch (error) {
    if (ownsOrm) await orm.close();
    throw error;
  }
}

async function applyPersistedSettings(state: StateStore, defaults: readonly TableMapping[]): Promise<TableMapping[]> {
  const effective: TableMapping[] = [];
  for (const mapping of defaults) {
    const stored = await state.mappingState(mapping.name);
    effective.push(stored?.settings ? { ...mapping, ...stored.settings } : mapping);
  }
  return effective;
}

/** Makes sure every mapping has its state row and schedule entry, and the default option mappings exist. */
async function seedState(state: StateStore, mappings: readonly TableMapping[], registry: PluginRegistry): Promise<void> {
  const em = state.orm.em.fork();
  for (const mapping of mappings) {
    if (!(await state.mappingState(mapping.name))) {
      await em.insert('MappingState', { mapping: mapping.name, toIntegrationCursor: null, fromIntegrationCursor: null, settings: null, updatedAt: new Date() });
    }
    if (!(await em.findOne('ScheduleEntry', { mapping: mapping.name }))) {
      await em.insert('ScheduleEntry', {
        mapping: mapping.name, intervalSeconds: mapping.schedule.intervalSeconds,
        inactivityTimeoutSeconds: mapping.schedule.inactivityTimeoutSeconds, status: 'ready', nextRunAt: new Date(),
        lastRunAt: null, leasedBy: null, leaseExpiresAt: null,
      });
    }
  }
  await state.seedOptionMappings(registry.optionMappings);
}
