import { inspect } from 'node:util';
import { MikroORM } from '@mikro-orm/sqlite';
import type { MikroORM as AnyMikroORM, Options } from '@mikro-orm/core';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { SyncEngine } from '../engine/SyncEngine';
import type { SyncEnvironment } from '../engine/SyncEnvironment';
import { ErrorCodes, MappingValidationError, TandemError, errorMessage } from '../errors/TandemError';
import { createSyncHooks, type SyncHooks } from '../hooks/SyncHooks';
import type { Filter } from '../model/Filter';
import type { TableDefinition } from '../model/TableDefinition';
import type { TableMapping } from '../model/TableMapping';
import { dependencyOrder } from '../model/dependencies';
import { validateMappings } from '../model/validateMappings';
import { PluginJobService } from '../jobs/PluginJobService';
import { bootPlugins, readyPlugins } from '../plugins/bootPlugins';
import { PluginRegistry } from '../plugins/PluginRegistry';
import type { PluginClass, TandemPlugin } from '../plugins/TandemPlugin';
import { stateEntities } from '../state/index';
import { MappingLeases, type LeaseOptions } from '../state/MappingLeases';
import { StateStore } from '../state/StateStore';
import { migrateState } from '../state/migrateState';
import { BoundSqliteDriver } from '../stores/BoundSqliteDriver';
import { declareMappingColumns } from '../stores/mappingColumns';
import { MikroOrmStore, type MikroOrmStoreOptions } from '../stores/MikroOrmStore';
import type { TableStore } from '../stores/TableStore';
import { builtInRuleChecks, builtInTransformationRules } from '../transform/TransformationRule';
import { recordMappingKeys } from '../hooks/tappedMappingNames';
import { withCanonicalNames } from '../model/canonicalNames';
import { withFieldsEnabled } from '../model/fieldsEnabled';
import { systemClock, type Clock } from './Clock';
import type { HostServicesCore } from './HostServices';
import { LinkService } from './LinkService';
import { silentLogger, type Logger } from './Logger';
import { MappingSettingsService } from './MappingSettingsService';
import { OptionMappingService } from './OptionMappingService';
import { isPostgresOptions, openPostgres, withSchemaLock } from './postgresDatabase';
import { assertPrimaryReads } from './primaryReads';
import { withSqliteReadConnection } from './sqliteReadConnection';
import { DEFAULT_BUSY_TIMEOUT_MS, withSqliteBusyTimeout } from './sqliteBusyTimeout';
import { TOKENS } from './tokens';

export interface HostOptions {
  plugins: readonly (PluginClass | TandemPlugin)[];
  /**
   * The business database, which also holds Tandem's state: MikroORM options (SQLite unless you pass a `driver`;
   * `postgresDatabase({ url, password, schema })` for PostgreSQL), or an ORM you initialized yourself with
   * `stateEntities` among its entities.
   */
  database: Partial<Options> | { orm: AnyMikroORM };
  /** The business store's options: its identity and where entities keep their stamps. */
  business?: MikroOrmStoreOptions;
  /** The integration store, or a factory that builds it from the host's container. */
  integration: TableStore | ((container: DependencyContainer) => TableStore | Promise<TableStore>);
  /** A parent container; the host works in a child of it (the global container by default). */
  container?: DependencyContainer;
  /** Where Tandem and plugins log (`TOKENS.logger`); by default nothing is written. */
  logger?: Logger;
  /** Where Tandem reads the time (`TOKENS.clock`); the system clock by default. */
  clock?: Clock;
  /** Mapping leases: holder id, lifetime, heartbeat, poll interval. */
  lease?: Omit<LeaseOptions, 'clock' | 'logger'>;
  /**
   * How long a SQLite statement waits for another connection's lock before SQLITE_BUSY (default 5 000 ms). Applied
   * when the host opens the SQLite database itself; with `{ orm }`, use `withSqliteBusyTimeout` on your options.
   */
  busyTimeoutMs?: number;
  /**
   * SQLite file: a second connection for Tandem's reads, with the file in WAL mode (default `true`; see
   * `withSqliteReadConnection`). `false` keeps one connection and the file's journal mode, e.g. for a file on a network
   * share, where WAL does not work. Applied when the host opens the SQLite database itself.
   */
  sqliteReadConnection?: boolean;
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
  /** The option mappings in force: list, edit, reset to the plugins' defaults, and the missing-value register. */
  readonly options: OptionMappingService;
  /** Links to both sides of a coupled record (CRM deep link; ERP link with `business.linkTemplate`). */
  readonly links: LinkService;
  readonly leases: MappingLeases;
  /** The plugin jobs (scheduled work that is not a mapping, `registry.addJob`): list them, run one now. */
  readonly jobs: PluginJobService;
  readonly logger: Logger;
  readonly clock: Clock;
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
  const tapsOnUnknownMappings = recordMappingKeys(hooks);
  const registry = new PluginRegistry(hooks);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  for (const [name, rule] of Object.entries(builtInTransformationRules)) registry.addTransformationRule(name, rule, builtInRuleChecks[name]);
  container.register(TOKENS.hooks, { useValue: hooks });
  container.register(TOKENS.registry, { useValue: registry });
  container.register(TOKENS.logger, { useValue: logger });
  container.register(TOKENS.clock, { useValue: clock });
  const core: HostServicesCore = { container, hooks, logger, clock, providers: new Map(), plugins: new Map() };
  const booted = await bootPlugins(container, registry, options.plugins, core);
  const plugins = booted.plugins;

  const ownsOrm = !('orm' in options.database);
  const orm: AnyMikroORM = 'orm' in options.database ? options.database.orm : await openDatabase(options.database, [...stateEntities, ...registry.entities], options);
  try {
    if (!orm.getMetadata().has('Coupling')) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, 'the database ORM must include Tandem\'s stateEntities among its entities');
    }
    assertPrimaryReads(orm);
    await withSchemaLock(orm, async () => {
      await orm.schema.updateSchema({ safe: true });
      await migrateState(orm);
    });
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
    const optionSets = [...new Set(registry.mappings.flatMap((m) => (m.fields ?? []).map((f) => f?.optionSet)).filter((s) => typeof s === 'string'))];
    const context = {
      businessTables, integrationTables, transformationRules: new Set(registry.rules.keys()), ruleChecks: registry.ruleChecks,
      optionMappings: [...registry.optionMappings, ...(await state.optionMappings(optionSets))],
      checkFilter: (side: 'business' | 'integration', table: string, filter: Filter) => (side === 'business' ? business : integration).checkFilter?.(table, filter) ?? [],
    };
    const validate = (mappings: TableMapping[]) => validateMappings(mappings, context);
    try {
      validate(registry.mappings);
    } catch (error) {
      if (!(error instanceof MappingValidationError)) throw error;
      // A table that could not be described is reported once, with the reason, not again as "unknown".
      problems.push(...error.problems.filter((p) => !undescribed.some((u) => p.endsWith(u))));
    }
    problems.push(...tapsOnUnknownMappings(registry.mappings.map((m) => m.name)));
    const mappingNames = new Set(registry.mappings.map((m) => m.name));
    for (const job of registry.jobs.filter((j) => mappingNames.has(j.name))) {
      throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${job.plugin}": job "${job.name}" has the name of a mapping; job and mapping names share one namespace (schedule, lease, job history)`);
    }
    if (problems.length > 0) throw new MappingValidationError([...new Set(problems)]);

    // Lookups named by their logical name (`ownerid`) are renamed to the field rows carry (`_ownerid_value`).
    const defaults = registry.mappings.map((m) => withCanonicalNames(m, context));
    const effective = (await applyPersistedSettings(state, defaults)).map((m) => withCanonicalNames(m, context));
    validate(effective);
    // Both the plugins' defaults and the persisted settings: a store narrowing its reads keeps what either names.
    declareMappingColumns([...defaults, ...effective], { business, integration });
    await seedState(state, effective, registry);
    const mappings = new MappingSettingsService(state, defaults, dependencyOrder(effective), validate, registry.optionMappings);
    state.useMappings(() => mappings.all());

    const leases = new MappingLeases(orm, { ...options.lease, clock, logger });
    // A job keeps its schedule entry and watermark under its name; it never goes on hold for inactivity.
    for (const job of registry.jobs) await state.ensureMappingRows(job.name, { intervalSeconds: job.schedule.intervalSeconds, inactivityTimeoutSeconds: 0 });
    const jobs = new PluginJobService(registry.jobs, { state, leases, clock, logger });
    const env: SyncEnvironment = {
      stores: { business, integration }, tables: { business: businessTables, integration: integrationTables },
      state, hooks, rules: registry.rules, mappings: () => mappings.all(), leases,
    };
    const engine = new SyncEngine(env);
    container.register(TOKENS.orm, { useValue: orm });
    container.register(TOKENS.state, { useValue: state });
    container.register(TOKENS.businessStore, { useValue: business });
    container.register(TOKENS.integrationStore, { useValue: integration });
    container.register(TOKENS.engine, { useValue: engine });
    container.register(TOKENS.mappings, { useValue: mappings });
    container.register(TOKENS.leases, { useValue: leases });
    core.ready = { orm, state, stores: { business, integration }, engine, mappings, leases, jobs };
    await readyPlugins(booted);
    const host: Host = {
      container, hooks, engine, state, orm, stores: { business, integration }, mappings, leases, jobs, logger, clock, plugins,
      options: new OptionMappingService(state, registry.optionMappings, { mappings: () => mappings.all(), integrationTables }), links: new LinkService(env),
      close: async () => {
        if (ownsOrm) await orm.close();
        await container.dispose();
      },
    };
    return withLogSafeSummary(host);
  } catch (error) {
    if (ownsOrm) await orm.close();
    throw error;
  }
}

/** Opens the host's own database: PostgreSQL when the options name its driver (`postgresDatabase`), else SQLite. */
async function openDatabase(given: Partial<Options>, entities: unknown[], options: Pick<HostOptions, 'busyTimeoutMs' | 'sqliteReadConnection'>): Promise<AnyMikroORM> {
  // `em.find` on the primary, replicas configured or not (`assertPrimaryReads`).
  const database = { ...given, preferReadReplicas: false };
  if (isPostgresOptions(database)) return openPostgres({ ...database, entities: [...entities, ...(database.entities ?? [])] } as Options);
  return MikroORM.init(sqliteOptions(database, entities, options));
}

/**
 * The host's own SQLite ORM options: Tandem's state entities and the plugins' entities added; bound parameters
 * instead of values inlined into the SQL text, a busy timeout and, for a file, a read connection (WAL), unless the
 * options name their own driver.
 */
function sqliteOptions(database: Partial<Options>, entities: unknown[], options: Pick<HostOptions, 'busyTimeoutMs' | 'sqliteReadConnection'>): Options {
  const merged = { ...database, entities: [...entities, ...(database.entities ?? [])] } as Options;
  if (database.driver) return merged;
  const bound = { ...merged, driver: BoundSqliteDriver };
  const read = options.sqliteReadConnection === false ? bound : withSqliteReadConnection(bound);
  return withSqliteBusyTimeout(read, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
}

async function applyPersistedSettings(state: StateStore, defaults: readonly TableMapping[]): Promise<TableMapping[]> {
  const effective: TableMapping[] = [];
  for (const mapping of defaults) {
    const stored = await state.mappingState(mapping.name);
    // Persisted field switches apply over the plugin's field list.
    effective.push(withFieldsEnabled(stored?.settings ? { ...mapping, ...stored.settings } : mapping, mapping.fields));
  }
  return effective;
}

/** Makes sure every mapping has its state row and schedule entry, and the default option mappings exist. */
async function seedState(state: StateStore, mappings: readonly TableMapping[], registry: PluginRegistry): Promise<void> {
  for (const mapping of mappings) await state.ensureMappingRows(mapping.name, mapping.schedule);
  await state.seedOptionMappings(registry.optionMappings);
}

/**
 * `console.log(host)` and `JSON.stringify(host)` show a summary (plugin and store names) instead of walking the ORM,
 * whose config may hold a database password, and the stores, which may hold credentials.
 */
function withLogSafeSummary(host: Host): Host {
  const summary = () => ({
    plugins: host.plugins.map((plugin) => plugin.name),
    stores: { business: host.stores.business.name, integration: host.stores.integration.name },
  });
  Object.defineProperties(host, {
    toJSON: { value: summary },
    [inspect.custom]: { value: (_depth: number, options: object) => `Host ${inspect(summary(), options)}` },
  });
  return host;
}
