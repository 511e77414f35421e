import type { InjectionToken } from 'tsyringe';
import type { HostServices } from '../host/HostServices';
import type { PluginCommand } from './PluginCommand';
import type { PluginRegistry } from './PluginRegistry';

/**
 * A plugin: an `@injectable()` class resolved from the host's container (an `@inject(TOKEN)` on every constructor
 * parameter), with a `name`, optional `dependsOn`, and `register(registry)`, which contributes entities, tables,
 * mappings, rules, option mappings, hook taps and services for other plugins. Once the database, stores, state and
 * engine exist, the host calls `ready(services)` on each plugin, in dependency order. Built-in entity pairs are
 * plugins too.
 */
export interface TandemPlugin {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  register(registry: PluginRegistry): void | Promise<void>;
  /** The ready phase: everything exists; take the engine, stores, state and provided services from `services`. */
  ready?(services: HostServices): void | Promise<void>;
  /** Commands the plugin adds to the `tandem` CLI (see `PluginCommand`). */
  readonly commands?: readonly PluginCommand[];
}

export type PluginClass = new (...args: any[]) => TandemPlugin;

/** The token every booted plugin is registered under (resolve them all with `@injectAll(PLUGIN)`). */
export const PLUGIN: InjectionToken<TandemPlugin> = Symbol('TandemPlugin');
