import type { MikroORM } from '@mikro-orm/core';
import type { InjectionToken } from 'tsyringe';
import type { SyncEngine } from '../engine/SyncEngine';
import type { SyncHooks } from '../hooks/SyncHooks';
import type { PluginRegistry } from '../plugins/PluginRegistry';
import type { StateStore } from '../state/StateStore';
import type { TableStore } from '../stores/TableStore';

/**
 * Injection tokens of a host's child container. Plugins are constructed before the database exists (they contribute
 * its entities), so a plugin constructor can inject `hooks` and `registry`; the others are registered once the host
 * has booted — resolve them from `host.container`, or inject them into services you resolve after boot.
 */
export const TOKENS = {
  hooks: Symbol('SyncHooks') as InjectionToken<SyncHooks>,
  registry: Symbol('PluginRegistry') as InjectionToken<PluginRegistry>,
  orm: Symbol('MikroORM') as InjectionToken<MikroORM>,
  state: Symbol('StateStore') as InjectionToken<StateStore>,
  businessStore: Symbol('BusinessStore') as InjectionToken<TableStore>,
  integrationStore: Symbol('IntegrationStore') as InjectionToken<TableStore>,
  engine: Symbol('SyncEngine') as InjectionToken<SyncEngine>,
} as const;
