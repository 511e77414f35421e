import type { EntitySchema } from '@mikro-orm/core';
import type { InjectionToken } from 'tsyringe';
import type { HostServices } from '../host/HostServices';
import { describeToken } from '../host/HostServices';
import type { TableDefinition } from '../model/TableDefinition';
import { withDefaults, type TableMapping, type TableMappingDefinition } from '../model/TableMapping';
import type { SyncHooks } from '../hooks/SyncHooks';
import type { OptionMapping } from '../state/OptionMapping';
import type { TransformationRule, TransformationRuleCheck } from '../transform/TransformationRule';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { PluginJobDefinition } from '../jobs/PluginJob';
import { pluginJobProblems, type PluginJob } from '../jobs/registeredJobs';

/** A service a plugin provides: a value, or a factory called once, on first use, with the provider's services. */
export type ServiceProvider<T> = { useValue: T } | { useFactory: (services: HostServices) => T };

/** An entity MikroORM can take: a class (decorated or `defineEntity`) or an `EntitySchema`. */
export type EntityDefinition = EntitySchema<any, any> | (abstract new (...args: any[]) => object);

/**
 * What plugins contribute, collected while they register. The host validates everything once all plugins have
 * registered and reports every problem in one error.
 */
export class PluginRegistry {
  /** The host's hooks; tap them with your plugin's name (`hooks.onBeforeInsert.for('CUSTOMER').tapPromise(NAME, …)`). */
  readonly hooks: SyncHooks;
  readonly entities: EntityDefinition[] = [];
  readonly integrationTables = new Map<string, TableDefinition>();
  readonly mappings: TableMapping[] = [];
  readonly rules = new Map<string, TransformationRule>();
  /** Argument checks of the rules that have one, run on every transform step at boot. */
  readonly ruleChecks = new Map<string, TransformationRuleCheck>();
  readonly optionMappings: Omit<OptionMapping, 'id'>[] = [];
  /** Scheduled jobs that are not mappings (see `addJob`), in registration order. */
  readonly jobs: PluginJob[] = [];
  /** Services plugins provide, with the plugin that provides each. */
  readonly services = new Map<InjectionToken<unknown>, { plugin: string; provider: ServiceProvider<unknown> }>();
  #plugin = '(host)';
  readonly #entityOwners = new Map<string, { entity: EntityDefinition; plugin: string }>();

  constructor(hooks: SyncHooks) {
    this.hooks = hooks;
  }

  /** The plugin now registering; contributions are attributed to it. */
  set currentPlugin(name: string) {
    this.#plugin = name;
  }

  /**
   * Business entities (MikroORM) for the business database. Several plugins may register the same entity (the same
   * class or schema object); it is added once. Another definition under a taken entity name fails, naming both plugins.
   */
  addEntities(...entities: EntityDefinition[]): this {
    for (const entity of entities) {
      const name = String(entity.name); // a class's name, or an EntitySchema's entity name
      const known = this.#entityOwners.get(name);
      if (known?.entity === entity) continue;
      if (known) {
        throw new TandemError(
          ErrorCodes.PLUGIN_INVALID,
          `plugin "${this.#plugin}": entity "${name}" is already registered by plugin "${known.plugin}" with another definition`,
        );
      }
      this.#entityOwners.set(name, { entity, plugin: this.#plugin });
      this.entities.push(entity);
    }
    return this;
  }

  /** An integration table definition (e.g. a Dataverse table). */
  addIntegrationTable(table: TableDefinition): this {
    if (this.integrationTables.has(table.name)) {
      throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${this.#plugin}": integration table "${table.name}" is already registered`);
    }
    this.integrationTables.set(table.name, table);
    return this;
  }

  /** A default table mapping with its field mappings; what `reset` restores. */
  addMapping(definition: TableMappingDefinition): this {
    this.mappings.push({ ...withDefaults(definition), plugin: this.#plugin });
    return this;
  }

  /**
   * A transformation rule usable in field mappings' `transform` steps. `check` (optional) checks a step's arguments
   * at boot and returns its problems (see `argumentCheck`); without it the arguments are not checked before run time.
   */
  addTransformationRule(name: string, rule: TransformationRule, check?: TransformationRuleCheck): this {
    if (this.rules.has(name)) throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${this.#plugin}": transformation rule "${name}" is already registered`);
    if (typeof rule !== 'function') throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${this.#plugin}": transformation rule "${name}" is not a function`);
    if (check !== undefined && typeof check !== 'function') {
      throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${this.#plugin}": the argument check of transformation rule "${name}" is not a function`);
    }
    this.rules.set(name, rule);
    if (check) this.ruleChecks.set(name, check);
    return this;
  }

  /**
   * A service for other plugins (the ERP's posting service, a Dataverse client), under a token you export. Plugins
   * that depend on this one take it with `services.resolve(token)` from the ready phase on; the host container
   * has it too. A token provided twice fails boot, naming both plugins.
   */
  provide<T>(token: InjectionToken<T>, provider: ServiceProvider<T>): this {
    const known = this.services.get(token as InjectionToken<unknown>);
    if (known) {
      throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${this.#plugin}": service ${describeToken(token)} is already provided by plugin "${known.plugin}"`);
    }
    if (!provider || !('useValue' in provider || typeof (provider as { useFactory?: unknown }).useFactory === 'function')) {
      throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${this.#plugin}": service ${describeToken(token)} needs { useValue } or { useFactory: (services) => value }`);
    }
    this.services.set(token as InjectionToken<unknown>, { plugin: this.#plugin, provider: provider as ServiceProvider<unknown> });
    return this;
  }

  /**
   * A scheduled job that is not a table mapping (customer statistics, item availability, …): the worker runs it every
   * `schedule.intervalSeconds`, `host.jobs.run(name)` on demand. A job without a name, with a name another job already
   * has, without a `run` function or with a bad interval fails with TANDEM_PLUGIN_INVALID; a job named like a mapping
   * fails boot the same way.
   */
  addJob(job: PluginJobDefinition): this {
    const problems = pluginJobProblems(job, this.#plugin, new Set(this.jobs.map((j) => j.name)));
    if (problems.length > 0) throw new TandemError(ErrorCodes.PLUGIN_INVALID, problems.join('; '));
    this.jobs.push({ ...job, plugin: this.#plugin });
    return this;
  }

  /** Default option mappings of an option set (business code ↔ integration option value); seeded when absent. */
  addOptionMappings(optionSet: string, entries: readonly { business: string; integration: number; label?: string }[]): this {
    for (const entry of entries) {
      this.optionMappings.push({ optionSet, businessValue: entry.business, integrationValue: entry.integration, label: entry.label ?? null });
    }
    return this;
  }
}
