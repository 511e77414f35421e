import type { Side } from '../model/Direction';
import type { TableDefinition } from '../model/TableDefinition';
import type { TableMapping } from '../model/TableMapping';
import type { SyncHooks } from '../hooks/SyncHooks';
import type { MappingLeases } from '../state/MappingLeases';
import type { StateStore } from '../state/StateStore';
import type { TableStore } from '../stores/TableStore';
import type { TransformationRule } from '../transform/TransformationRule';
import { EngineErrors } from '../errors/engineErrors';

/** Everything the engine works with, put together by the host. */
export interface SyncEnvironment {
  stores: Record<Side, TableStore>;
  tables: Record<Side, ReadonlyMap<string, TableDefinition>>;
  state: StateStore;
  hooks: SyncHooks;
  rules: ReadonlyMap<string, TransformationRule>;
  /** The mappings in force (plugin defaults with persisted settings applied), in dependency order. */
  mappings(): readonly TableMapping[];
  /** The mapping leases; without them, engine calls take no lease. */
  leases?: MappingLeases;
}

export function findMapping(env: SyncEnvironment, name: string): TableMapping {
  const mapping = env.mappings().find((m) => m.name === name);
  if (!mapping) throw EngineErrors.mappingNotFound(name, env.mappings().map((m) => m.name));
  return mapping;
}

export function tableOf(env: SyncEnvironment, mapping: TableMapping, side: Side): TableDefinition {
  const name = side === 'business' ? mapping.businessTable : mapping.integrationTable;
  const table = env.tables[side].get(name);
  if (!table) throw EngineErrors.tableUnknown(side, name);
  return table;
}
