import type { MikroORM } from '@mikro-orm/core';
import type { InjectionToken } from 'tsyringe';
import type { SyncEngine } from '../engine/SyncEngine';
import type { SyncHooks } from '../hooks/SyncHooks';
import type { PluginRegistry } from '../plugins/PluginRegistry';
import type { MappingLeases } from '../state/MappingLeases';
import type { StateStore } from '../state/StateStore';
import type { TableStore } from '../stores/TableStore';
import type { Clock } from './Clock';
import type { HostServices } from './HostServices';
import type { Logger } from './Logger';
import type { MappingSettingsService } from './MappingSettingsService';

/**
 * Injection tokens of a host's child container. Plugins are constructed before the database exists (they contribute
 * its entities), so a plugin constructor gets `hooks`, `registry`, `logger`, `clock` and `services` at once; the
 * others exist from the ready phase on — receive them in `ready(services)`, or read them lazily from `services`.
 * Injecting one of them into a plugin constructor fails with TANDEM_PLUGIN_INVALID.
 */
export const TOKENS = {
  hooks: Symbol('SyncHooks') as InjectionToken<SyncHooks>,
  registry: Symbol('PluginRegistry') as InjectionToken<PluginRegistry>,
  logger: Symbol('Logger') as InjectionToken<Logger>,
  clock: Symbol('Clock') as InjectionToken<Clock>,
  /** The plugin's view of the host: late services (throwing before ready) and `resolve` for provided services. */
  services: Symbol('HostServices') as InjectionToken<HostServices>,
  orm: Symbol('MikroORM') as InjectionToken<MikroORM>,
  state: Symbol('StateStore') as InjectionToken<StateStore>,
  businessStore: Symbol('BusinessStore') as InjectionToken<TableStore>,
  integrationStore: Symbol('IntegrationStore') as InjectionToken<TableStore>,
  engine: Symbol('SyncEngine') as InjectionToken<SyncEngine>,
  mappings: Symbol('MappingSettingsService') as InjectionToken<MappingSettingsService>,
  leases: Symbol('MappingLeases') as InjectionToken<MappingLeases>,
} as const;

/** The tokens that exist only once the host is ready, with the name used in messages. */
export const LATE_TOKENS = ['orm', 'state', 'businessStore', 'integrationStore', 'engine', 'mappings', 'leases'] as const;
