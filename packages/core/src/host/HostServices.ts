import type { MikroORM } from '@mikro-orm/core';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { SyncEngine } from '../engine/SyncEngine';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { SyncHooks } from '../hooks/SyncHooks';
import type { TandemPlugin } from '../plugins/TandemPlugin';
import type { PluginJobService } from '../jobs/PluginJobService';
import type { MappingLeases } from '../state/MappingLeases';
import type { StateStore } from '../state/StateStore';
import type { MikroOrmStore } from '../stores/MikroOrmStore';
import type { TableStore } from '../stores/TableStore';
import type { Clock } from './Clock';
import type { Logger } from './Logger';
import type { MappingSettingsService } from './MappingSettingsService';

/** What exists once the database is open: set by the host right before the ready phase. */
export interface ReadyServices {
  orm: MikroORM;
  state: StateStore;
  stores: { business: MikroOrmStore; integration: TableStore };
  engine: SyncEngine;
  mappings: MappingSettingsService;
  leases: MappingLeases;
  jobs: PluginJobService;
}

/** What the host shares between the views of all plugins. */
export interface HostServicesCore {
  container: DependencyContainer;
  hooks: SyncHooks;
  logger: Logger;
  clock: Clock;
  ready?: ReadyServices;
  /** Services plugins provide: token → providing plugin. */
  providers: Map<InjectionToken<unknown>, string>;
  /** Booted plugins by name (their `dependsOn`). */
  plugins: Map<string, TandemPlugin>;
}

/**
 * A plugin's view of its host (`TOKENS.services`, and the argument of `ready`). The logger, clock, hooks and container
 * are there from the start; the ORM, state, stores, engine, settings and leases from the ready phase on — touching
 * them earlier fails with TANDEM_PLUGIN_INVALID. `resolve` hands out services other plugins provide, to plugins
 * that depend on the provider.
 */
export class HostServices {
  readonly #core: HostServicesCore;
  #plugin: string | undefined;

  constructor(core: HostServicesCore, plugin?: string) {
    this.#core = core;
    this.#plugin = plugin;
  }

  /** Names the plugin this view belongs to (once it is constructed and its name is known). */
  bind(plugin: string): void {
    this.#plugin = plugin;
  }

  get container(): DependencyContainer {
    return this.#core.container;
  }

  get hooks(): SyncHooks {
    return this.#core.hooks;
  }

  get logger(): Logger {
    return this.#core.logger;
  }

  get clock(): Clock {
    return this.#core.clock;
  }

  /** True from the ready phase on. */
  get isReady(): boolean {
    return !!this.#core.ready;
  }

  get orm(): MikroORM {
    return this.#late('orm');
  }

  get state(): StateStore {
    return this.#late('state');
  }

  get stores(): ReadyServices['stores'] {
    return this.#late('stores');
  }

  get engine(): SyncEngine {
    return this.#late('engine');
  }

  get mappings(): MappingSettingsService {
    return this.#late('mappings');
  }

  get leases(): MappingLeases {
    return this.#late('leases');
  }

  /** The plugin jobs (`registry.addJob`): run one now with `jobs.run(name)`. */
  get jobs(): PluginJobService {
    return this.#late('jobs');
  }

  /**
   * A service from the host's container. A service another plugin provides (`registry.provide`) is handed only to a
   * plugin that depends on the provider, directly or through others.
   */
  resolve<T>(token: InjectionToken<T>): T {
    const provider = this.#core.providers.get(token as InjectionToken<unknown>);
    if (provider !== undefined && this.#plugin !== undefined && provider !== this.#plugin && !this.#dependsOn(this.#plugin, provider)) {
      throw new TandemError(
        ErrorCodes.PLUGIN_INVALID,
        `plugin "${this.#plugin}" uses ${describeToken(token)}, which plugin "${provider}" provides, but does not depend on it: add "${provider}" to its dependsOn`,
      );
    }
    return this.#core.container.resolve(token);
  }

  #dependsOn(plugin: string, provider: string, seen = new Set<string>()): boolean {
    for (const dependency of this.#core.plugins.get(plugin)?.dependsOn ?? []) {
      if (dependency === provider) return true;
      if (!seen.has(dependency) && (seen.add(dependency), this.#dependsOn(dependency, provider, seen))) return true;
    }
    return false;
  }

  #late<K extends keyof ReadyServices>(name: K): ReadyServices[K] {
    const ready = this.#core.ready;
    if (!ready) throw notReady(name, this.#plugin);
    return ready[name];
  }
}

/** The error for a service touched before the host is ready. */
export function notReady(service: string, plugin?: string): TandemError {
  return new TandemError(
    ErrorCodes.PLUGIN_INVALID,
    `${plugin ? `plugin "${plugin}": ` : ''}the ${service} is not available before the host is ready; ` +
      'use it in ready(services) or later (in taps), not in the constructor or in register()',
  );
}

export function describeToken(token: InjectionToken<unknown>): string {
  return typeof token === 'function' ? `"${token.name}"` : typeof token === 'symbol' ? token.toString() : `"${String(token)}"`;
}
