import type { MikroORM } from '@mikro-orm/core';
import type { InjectionToken } from 'tsyringe';
import type { SyncEngine } from '../engine/SyncEngine';
import type { SyncHooks } from '../hooks/SyncHooks';
import type { PluginRegistry } from '../plugins/PluginRegistry';
import type { StateStore } from '../state/StateStore';
import type { TableStore } from '../stores/TableStore';

/** Injection tokens of a host's child container; use them with `@inject(TOKENS.x)` in plugin constructors. */
export const TOKENS = {
  hooks: Symbol('SyncHooks') as InjectionToken<SyncHooks>,
  registry: Symbol('PluginRegistry') as InjectionToken<PluginRegistry>,
  orm: Symbol('MikroORM') as InjectionToken<MikroORM>,
  state: Symbol('StateStore') as InjectionToken<StateStore>,
  businessStore: Symbol('BusinessStore') as InjectionToken<TableStore>,
  integrationStore: Symbol('IntegrationStore') as InjectionToken<TableStore>,
  engine: Symbol('SyncEngine') as InjectionToken<SyncEngine>,
} as const;
