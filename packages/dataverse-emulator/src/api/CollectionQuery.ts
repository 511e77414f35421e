import type { DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityCatalog, EntityModel } from '../metadata/EntityModel';
import { FilterCompiler, type SqlFragment } from '../odata/FilterSql';
import type { QueryOptions } from '../odata/QueryOptions';
import { decodeSkipToken, type PagePosition } from '../odata/SkipToken';
import { quoteIdent } from '../storage/SqlNames';
import { MAX_SQL_PARAMETERS } from '../server/EmulatorLimits';
import type { StoredRow, TableQuery } from '../storage/TableStorage';
import type { SqlValue } from '../storage/ValueCodec';

/** Dataverse's default and largest page. */
export const MAX_PAGE_SIZE = 5000;

interface SortKey {
  column: DataverseColumn;
  descending: boolean;
}

/** A collection read compiled to SQL: the filter, the sort keys (primary id last), the page size and the keyset. */
export interface CompiledCollectionQuery {
  filter?: SqlFragment;
  keys: SortKey[];
  pageSize: number;
  /** True when more rows than `pageSize` lead to an `@odata.nextLink` (no `$top`-only limit). */
  pageable: boolean;
  position?: PagePosition;
  /** True when `$orderby` was given; otherwise rows come in primary-key order. */
  explicitOrder: boolean;
}

/**
 * Compiles `$filter`, `$orderby`, `$top`, `Prefer: odata.maxpagesize` and `$skiptoken` for one table. `$top` applies
 * only when no page size is preferred (as documented). The page cursor is keyset-based on the sort keys plus the
 * primary id, so an `ORDER BY modifiedon` read walks the `modifiedon` index.
 */
export function compileCollectionQuery(
  model: EntityModel,
  options: QueryOptions,
  maxPageSize: number | undefined,
  catalog: EntityCatalog,
  callerId: string,
): CompiledCollectionQuery {
  const filter = options.filter ? new FilterCompiler(catalog, callerId).compile(options.filter, model) : undefined;
  if (filter && filter.params.length > MAX_SQL_PARAMETERS) throw ServiceError.filterTooManyValues(filter.params.length, MAX_SQL_PARAMETERS);
  const keys: SortKey[] = [];
  for (const item of options.orderBy ?? []) {
    const column = model.byReadName.get(item.property);
    if (!column || !column.validForRead) {
      if (item.property.includes('/')) throw ServiceError.notImplemented('$orderby on related tables');
      throw ServiceError.unknownProperty(item.property, model.typeName);
    }
    if (!keys.some((key) => key.column === column)) keys.push({ column, descending: item.descending });
  }
  const primary = model.byReadName.get(model.primaryId)!;
  if (!keys.some((key) => key.column === primary)) keys.push({ column: primary, descending: false });
  let pageSize = MAX_PAGE_SIZE;
  let pageable = true;
  if (maxPageSize !== undefined) pageSize = Math.min(maxPageSize, MAX_PAGE_SIZE);
  else if (options.top !== undefined && options.top <= MAX_PAGE_SIZE) {
    pageSize = options.top;
    pageable = false;
  }
  const compiled: CompiledCollectionQuery = { keys, pageSize, pageable, explicitOrder: (options.orderBy ?? []).length > 0 };
  if (filter) compiled.filter = filter;
  if (options.skipToken !== undefined) compiled.position = decodeSkipToken(options.skipToken, keys.length);
  return compiled;
}

/** The SQL for one page: filter AND keyset-after-position, ORDER BY the keys, LIMIT pageSize + 1 (to see if more exist). */
export function toTableQuery(query: CompiledCollectionQuery): TableQuery {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.filter) {
    where.push(query.filter.sql);
    params.push(...query.filter.params);
  }
  if (query.position) {
    const after = keysetAfter(query.keys, query.position.last);
    where.push(after.sql);
    params.push(...after.params);
  }
  // With a filter and only the implicit primary-key order, `+id` keeps SQLite from walking the whole primary-key index
  // to avoid a sort: it searches the filter's index (e.g. `modifiedon`) and sorts the matches instead.
  const unary = query.filter && !query.explicitOrder ? '+' : '';
  const orderBy = query.keys.map((key) => `${unary}${quoteIdent(key.column.name)} ${key.descending ? 'DESC' : 'ASC'}`).join(', ');
  const table: TableQuery = { params, orderBy, limit: query.pageable ? query.pageSize + 1 : query.pageSize };
  if (where.length > 0) table.where = where.join(' AND ');
  return table;
}

/** The values of a row's sort keys, stored in the next page's `$skiptoken`. */
export function positionOf(query: CompiledCollectionQuery, row: StoredRow): SqlValue[] {
  return query.keys.map((key) => row[key.column.name] ?? null);
}

/**
 * Rows strictly after `last` in the sort order: `(k1 > v1) OR (k1 = v1 AND k2 > v2) OR …`, with SQLite's NULL
 * ordering (NULLs first ascending, last descending).
 */
function keysetAfter(keys: SortKey[], last: SqlValue[]): SqlFragment {
  const alternatives: string[] = [];
  const params: SqlValue[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: string[] = [];
    const partParams: SqlValue[] = [];
    for (let j = 0; j < i; j++) {
      const column = quoteIdent(keys[j]!.column.name);
      const value = last[j] ?? null;
      if (value === null) parts.push(`${column} IS NULL`);
      else {
        parts.push(`${column} = ?`);
        partParams.push(value);
      }
    }
    const key = keys[i]!;
    const column = quoteIdent(key.column.name);
    const value = last[i] ?? null;
    if (!key.descending) {
      if (value === null) parts.push(`${column} IS NOT NULL`);
      else {
        parts.push(`${column} > ?`);
        partParams.push(value);
      }
    } else if (value === null) {
      continue;
    } else {
      parts.push(`(${column} < ? OR ${column} IS NULL)`);
      partParams.push(value);
    }
    alternatives.push(`(${parts.join(' AND ')})`);
    params.push(...partParams);
  }
  if (alternatives.length === 0) return { sql: '0', params: [] };
  // A redundant range on the first key lets SQLite SEARCH its index instead of filtering every row.
  const first = keys[0]!;
  if (!first.descending && last[0] !== null && last[0] !== undefined) {
    return { sql: `(${quoteIdent(first.column.name)} >= ? AND (${alternatives.join(' OR ')}))`, params: [last[0], ...params] };
  }
  return { sql: `(${alternatives.join(' OR ')})`, params };
}
