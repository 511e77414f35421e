import type { Filter, MatchQuery, ReadChangedRequest, Row, RowId, RowPage } from '@tandem/core';
import { createdBeforeOf, filterFields } from '@tandem/core';
import type { DataverseClient } from '../client/DataverseClient';
import type { ODataQuery } from '../client/ODataQuery';
import { filterToOData, type ODataFieldResolver } from '../client/filterToOData';
import { dateTimeLiteral, isGuid, odataLiteral } from '../client/odataLiteral';
import { DataverseValidationError } from '../errors/DataverseErrors';
import { DataverseMessages } from '../errors/DataverseMessages';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { listInOneBatch } from './batchedReads';
import { candidateMatches } from './candidateMatches';
import { changedRowsOrder, changedSinceCondition, excludeModifiedByCondition } from './changeCursor';
import type { KnownRowTables } from './KnownRowTables';
import { clamp } from './clamp';
import { lowerCase } from '../client/lowerCase';
import { chunk, mapConcurrent } from './mapConcurrent';
import { ReadAhead, readKey } from './ReadAhead';
import { findColumn, isLookupValue, rowFromRecord, selectColumns } from './rowMapping';

/** Added to a match lookup's `createdon` bound (see `createdBeforeCondition`). */
const CREATED_ON_MARGIN_MS = 1000;

export interface RowReaderOptions {
  client: DataverseClient;
  /** Ids of rows read are remembered here (polymorphic lookups). */
  known: KnownRowTables;
  idsPerRequest: number;
  candidatesPerRequest: number;
  readsPerBatch: number;
  maxServerPageSize: number;
  /** `$batch` read requests of one call in flight at once. */
  concurrency: number;
  mappedColumnsOnly: boolean | ReadonlySet<string>;
  readAhead: boolean;
}

/** The read side of `DataverseStore` (see its doc): change reads, reads by id, match lookups, and the `$select` of each. */
export class RowReader {
  /** Declared columns per table (`useColumns`, `extraColumns`). */
  private readonly declared = new Map<string, Set<string>>();
  private readonly readAhead: ReadAhead | undefined;

  constructor(private readonly options: RowReaderOptions) {
    this.readAhead = options.readAhead ? new ReadAhead() : undefined;
  }

  /** See `DataverseStore.useColumns`. */
  useColumns(tableName: string, columns: readonly string[]): void {
    let set = this.declared.get(tableName);
    if (!set) this.declared.set(tableName, (set = new Set()));
    for (const column of columns) set.add(column);
  }

  /** A write changes what a read-ahead page would hold: it is dropped. */
  dropReadAhead(): void {
    this.readAhead?.drop();
  }

  /** See `DataverseStore.readChanged`. */
  async readChanged(table: DataverseTableDefinition, request: ReadChangedRequest): Promise<RowPage> {
    const page = (this.readAhead && (await this.readAhead.take(readKey(table.name, request)))) ?? (await this.readChangedNow(table, request));
    const last = page.rows[page.rows.length - 1];
    if (this.readAhead && last && page.rows.length >= Math.max(1, Math.floor(request.limit))) {
      // A full page: the pass will ask for the rows after its last one next (see `ReadAhead`).
      const next: ReadChangedRequest = { ...request, after: { modifiedOn: last.modifiedOn, id: last.id } };
      this.readAhead.start(readKey(table.name, next), () => this.readChangedNow(table, next));
    }
    return page;
  }

  private async readChangedNow(table: DataverseTableDefinition, request: ReadChangedRequest): Promise<RowPage> {
    const { client, maxServerPageSize } = this.options;
    const limit = Math.max(1, Math.floor(request.limit));
    const conditions = [
      wrap(filterToOData(request.filter, resolverOf(table))),
      changedSinceCondition(table, request.after),
      excludeModifiedByCondition(table, request.excludeModifiedBy),
    ].filter((c): c is string => !!c);
    const query = { select: this.selectOf(table, request.filter), filter: conditions.join(' and '), orderBy: changedRowsOrder(table) };
    const excluded = request.excludeModifiedBy?.toLowerCase();

    const rows: Row[] = [];
    let page = await client.list(table.entitySetName, query, { pageSize: clamp(limit, 1, maxServerPageSize) });
    // Server pages after the first were read later: the first one's time holds for the whole page, erring early.
    const readAt = page.readAt;
    for (;;) {
      for (const record of page.value) {
        const row = rowFromRecord(table, record);
        if (excluded && row.modifiedBy === excluded) continue; // the service already left these out; kept as a guard
        rows.push(row);
        if (rows.length === limit) break;
      }
      if (rows.length === limit || !page.nextLink) return readAt ? { rows: this.seen(table, rows), readAt } : { rows: this.seen(table, rows) };
      page = await client.nextPage(page.nextLink, { pageSize: clamp(limit - rows.length, 1, maxServerPageSize) });
    }
  }

  /** See `DataverseStore.getByIds`. */
  async getByIds(table: DataverseTableDefinition, ids: readonly RowId[]): Promise<Row[]> {
    const unique = [...new Set(ids.filter((id) => isGuid(id)).map((id) => lowerCase(id)))];
    const select = this.selectOf(table);
    const queries = chunk(unique, this.options.idsPerRequest).map((part) => ({ select, filter: part.map((id) => `${table.idField} eq ${id}`).join(' or ') }));
    const pages = await this.readQueries(table, queries);
    return this.seen(table, pages.flat().map((record) => rowFromRecord(table, record)));
  }

  /** See `DataverseStore.findByValues`. */
  async findByValues(table: DataverseTableDefinition, query: MatchQuery): Promise<Row[]> {
    const resolve = resolverOf(table);
    const candidates = query.candidates.filter((candidate) => Object.keys(candidate).length > 0);
    const createdBefore = this.createdBeforeCondition(table, createdBeforeOf(query));
    if (candidates.length === 0) return [];
    const within = [wrap(filterToOData(query.filter, resolve)), createdBefore].filter((c) => !!c).join(' and ');
    const expressions = candidates.map((candidate) => {
      const parts = Object.entries(candidate).map(([field, value]) => {
        const column = findColumn(table, field);
        if (!column) throw new DataverseValidationError(DataverseMessages.unknownColumn(field, table.name));
        const literal = odataLiteral(isLookupValue(value) ? value.id : (value as never), column.type, field);
        return `${column.name} eq ${literal}`;
      });
      return parts.length === 1 ? parts[0]! : `(${parts.join(' and ')})`;
    });
    const select = this.selectOf(table, query.filter);
    const queries = chunk(expressions, this.options.candidatesPerRequest).map((part) => {
      const anyCandidate = part.length === 1 ? part[0]! : `(${part.join(' or ')})`;
      return { select, filter: within ? `${within} and ${anyCandidate}` : anyCandidate };
    });
    const pages = await this.readQueries(table, queries);
    const caseSensitive = new Set(query.caseSensitive ?? []);
    const seen = new Set<string>();
    const rows: Row[] = [];
    for (const record of pages.flat()) {
      const row = rowFromRecord(table, record);
      if (seen.has(row.id)) continue;
      if (!candidates.some((candidate) => candidateMatches(table, row, candidate, caseSensitive))) continue;
      seen.add(row.id);
      rows.push(row);
    }
    return this.seen(table, rows);
  }

  /**
   * `createdon lt T`, `T` the local instant on the service's clock (`ServiceClock`, from the `Date` of answers
   * already received), plus a second because `createdon` may be kept with a fraction the answers round away. Never
   * earlier than the truth: a row created before the instant is always found. None before any answer taught the
   * clock, or on a table without `createdon`.
   */
  private createdBeforeCondition(table: DataverseTableDefinition, local: Date | undefined): string | undefined {
    const column = findColumn(table, 'createdon');
    const bound = local && column ? this.options.client.serviceClock.latest(local, CREATED_ON_MARGIN_MS) : undefined;
    return bound ? `${column!.name} lt ${dateTimeLiteral(bound)}` : undefined;
  }

  /** The `$select` of a read: every readable column, or the declared ones (see `useColumns`) plus the filter's. */
  selectOf(table: DataverseTableDefinition, filter?: Filter): string[] {
    const declared = this.narrows(table.name) ? this.declared.get(table.name) : undefined;
    const columns = new Set<string>();
    if (declared) {
      for (const name of [...declared, ...(filter ? filterFields(filter) : [])]) {
        const column = findColumn(table, name);
        if (column && column.validForRead !== false) columns.add(column.name);
      }
    } else {
      for (const name of selectColumns(table)) columns.add(name);
    }
    columns.add(table.idField);
    columns.add(table.modifiedOnField);
    if (table.modifiedByField) columns.add(table.modifiedByField);
    return [...columns];
  }

  /**
   * The chunked reads of one `getByIds` / `findByValues` call: up to `readsPerBatch` of them as the `GET` parts of one
   * `$batch` request (`batchedReads.ts`), such batches `concurrency` at a time; one chunk is a plain `GET`.
   */
  private async readQueries(table: DataverseTableDefinition, queries: ODataQuery[]): Promise<Record<string, unknown>[][]> {
    const { client, readsPerBatch, concurrency, maxServerPageSize } = this.options;
    const pages = await mapConcurrent(chunk(queries, readsPerBatch), concurrency, (part) => listInOneBatch(client, table.entitySetName, part, maxServerPageSize));
    return pages.flat();
  }

  /** Rows read from `table`: their ids are remembered as rows of it (`KnownRowTables`). */
  private seen(table: DataverseTableDefinition, rows: Row[]): Row[] {
    this.options.known.remember(table.name, rows.map((row) => row.id));
    return rows;
  }

  private narrows(tableName: string): boolean {
    const narrow = this.options.mappedColumnsOnly;
    return narrow === true || (narrow !== false && narrow.has(tableName));
  }
}

/** How `filterToOData` finds a field's column on `table`. */
export function resolverOf(table: DataverseTableDefinition): ODataFieldResolver {
  return (field) => {
    const column = findColumn(table, field);
    return column ? { name: column.name, type: column.type } : undefined;
  };
}

function wrap(expression: string): string | undefined {
  return expression ? `(${expression})` : undefined;
}
