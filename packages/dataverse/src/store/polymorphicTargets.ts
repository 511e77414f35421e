import type { WriteOperation } from '@tandem/core';
import type { DataverseClient } from '../client/DataverseClient';
import { DataverseNotFoundError } from '../errors/DataverseErrors';
import { lowerCase } from '../client/lowerCase';
import { isGuid } from '../client/odataLiteral';
import type { DataverseColumn, DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { listInOneBatch } from './batchedReads';
import type { KnownRowTables } from './KnownRowTables';
import { chunk } from './mapConcurrent';
import { findColumn } from './rowMapping';

export interface PolymorphicLookupContext {
  client: DataverseClient;
  /** The id column of a target table. */
  idFieldOf(logicalName: string): string;
  /** The entity set of a target table; throws for a table the store does not know. */
  entitySetOf(logicalName: string): string;
  idsPerRequest: number;
  /** Ids whose table the store already knows: not asked again; what is found is added. */
  known: KnownRowTables;
}

/**
 * For polymorphic lookups written as bare GUIDs (a Customer that may be an account or a contact, an owner that may
 * be a user or a team), finds which target table holds each id: ids the store already knows (`KnownRowTables`) cost
 * nothing; the others cost one request per target table per write call (their id chunks as `GET` parts of one
 * `$batch`).
 * Returns id → target table; ids found nowhere are left out (the write then falls back to the first target). A
 * target table the environment does not serve (404 on its entity set, e.g. `team` where teams are not exposed) holds
 * none of the ids: it is skipped rather than failing the whole write.
 */
export async function resolvePolymorphicTargets(
  table: DataverseTableDefinition,
  operations: readonly WriteOperation[],
  context: PolymorphicLookupContext,
): Promise<Map<string, string>> {
  const byColumn = new Map<DataverseColumn, Set<string>>();
  const { names, columns } = polymorphicColumns(table);
  if (names.length === 0) return new Map();
  for (const op of operations) {
    if (op.kind === 'delete') continue;
    const values = op.values;
    // The table's few polymorphic names looked up in the values, not each of the ≈ 20 values' names in the map; by
    // index, not by a map's iterator (an iterator and an entry per name, for every row written).
    for (let at = 0; at < names.length; at++) {
      const name = names[at]!;
      if (!Object.hasOwn(values, name)) continue;
      const value = values[name];
      if (typeof value !== 'string' || !isGuid(value)) continue;
      const column = columns[at]!;
      const set = byColumn.get(column) ?? new Set<string>();
      set.add(lowerCase(value));
      byColumn.set(column, set);
    }
  }
  const found = new Map<string, string>();
  for (const [column, ids] of byColumn) {
    let remaining: string[] = [];
    for (const id of ids) {
      const table = context.known.tableOf(id);
      if (table && column.targets!.some((target) => target.table === table)) found.set(id, table);
      else remaining.push(id);
    }
    for (const target of column.targets ?? []) {
      if (remaining.length === 0) break;
      const idField = context.idFieldOf(target.table);
      let entitySet: string;
      try {
        entitySet = context.entitySetOf(target.table);
      } catch {
        continue;
      }
      const rows = await listIds(context.client, entitySet, idField, chunk(remaining, context.idsPerRequest));
      if (rows === 'notServed') continue;
      const inTarget: string[] = [];
      for (const row of rows) {
        const id = row[idField];
        if (typeof id === 'string') inTarget.push(id.toLowerCase());
      }
      for (const id of inTarget) found.set(id, target.table);
      context.known.remember(target.table, inTarget);
      remaining = remaining.filter((id) => !found.has(id));
    }
  }
  return found;
}

/** Per table: the names (read or logical) that `findColumn` resolves to a polymorphic lookup, and that lookup. */
interface PolymorphicColumns {
  names: string[];
  columns: DataverseColumn[];
}

const polymorphicByTable = new WeakMap<DataverseTableDefinition['fields'], PolymorphicColumns>();

function polymorphicColumns(table: DataverseTableDefinition): PolymorphicColumns {
  let polymorphic = polymorphicByTable.get(table.fields);
  if (!polymorphic) {
    polymorphic = { names: [], columns: [] };
    for (const { name, logicalName } of Object.values(table.fields)) {
      for (const key of [name, logicalName]) {
        const column = findColumn(table, key);
        if (!column || column.type !== 'lookup' || (column.targets?.length ?? 0) < 2) continue;
        // Each name once, in the order found (a lookup's read and logical names both lead to it).
        if (polymorphic.names.includes(key)) continue;
        polymorphic.names.push(key);
        polymorphic.columns.push(column);
      }
    }
    polymorphicByTable.set(table.fields, polymorphic);
  }
  return polymorphic;
}

/**
 * The rows of `entitySet` among the ids (id column only; each chunk one query, all in one request), or `notServed`
 * when the environment has no such entity set.
 */
async function listIds(client: DataverseClient, entitySet: string, idField: string, chunks: readonly string[][]): Promise<Record<string, unknown>[] | 'notServed'> {
  const queries = chunks.map((ids) => ({ select: [idField], filter: ids.map((id) => `${idField} eq ${id}`).join(' or ') }));
  try {
    return (await listInOneBatch(client, entitySet, queries, 5000)).flat();
  } catch (error) {
    if (error instanceof DataverseNotFoundError) return 'notServed';
    throw error;
  }
}
