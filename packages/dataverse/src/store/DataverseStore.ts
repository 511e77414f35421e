import type {
  Filter,
  MatchQuery,
  ReadChangedRequest,
  Row,
  RowId,
  RowPage,
  TableStore,
  WriteOperation,
  WriteOptions,
  WriteResult,
} from '@tandem/core';
import { createdBeforeOf, filterFields } from '@tandem/core';
import { inspect, type InspectOptions } from 'node:util';
import type { DataverseClient } from '../client/DataverseClient';
import type { ODataQuery } from '../client/ODataQuery';
import { filterToOData, type ODataFieldResolver } from '../client/filterToOData';
import { dateTimeLiteral, isGuid, odataLiteral } from '../client/odataLiteral';
import { DataverseValidationError } from '../errors/DataverseErrors';
import { DataverseMessages } from '../errors/DataverseMessages';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { dataverseTables, getDataverseTable, referencedOnlyEntitySets } from '../tables/dataverseTables';
import { UnknownTableError } from '../tables/errors';
import { changedRowsOrder, changedSinceCondition, excludeModifiedByCondition } from './changeCursor';
import { listInOneBatch } from './batchedReads';
import { KnownRowTables } from './KnownRowTables';
import { ReadAhead, readKey } from './ReadAhead';
import { chunk, mapConcurrent } from './mapConcurrent';
import { preparePendingWrite, type PendingWrite } from './PendingWrite';
import { resolvePolymorphicTargets } from './polymorphicTargets';
import { candidateMatches } from './candidateMatches';
import { findColumn, isLookupValue, rowFromRecord, selectColumns } from './rowMapping';
import { asError, writeWithRetries } from './writeWithRetries';

/** Added to a match lookup's `createdon` bound (see `createdBeforeCondition`). */
const CREATED_ON_MARGIN_MS = 1000;

/** Dataverse's limit of operations in one `$batch` request. */
export const MAX_BATCH_OPERATIONS = 1000;

export interface DataverseStoreOptions {
  client: DataverseClient;
  /**
   * Table definitions beyond the shipped ones (plugins' custom tables), or replacements for them; by logical name.
   * The shipped definitions (`dataverseTables`) are always known.
   */
  tables?: Iterable<DataverseTableDefinition> | Record<string, DataverseTableDefinition>;
  /** A name for messages; default `dataverse <url>`. */
  name?: string;
  /**
   * Operations per `$batch` request when writing (default and most 1 000, Dataverse's limit): a page of up to 1 000
   * rows is one request.
   */
  writeBatchSize?: number;
  /** `$batch` requests of one `write` call in flight at once (default 6; the client's throttle caps the total). */
  writeConcurrency?: number;
  /**
   * Sends of an operation whose own part came back throttled or transient, or was rolled back (default 6). The
   * `$batch` request as a whole is retried by the client's policy besides.
   */
  maxWriteAttempts?: number;
  /** Ids per request in `getByIds` (default 50). */
  idsPerRequest?: number;
  /** Candidates per request in `findByValues` (default 20). */
  candidatesPerRequest?: number;
  /**
   * Chunked reads of one `getByIds` / `findByValues` call sent as the `GET` parts of one `$batch` request (default and
   * most 1 000, Dataverse's limit: the match lookups of a page are one request; 1 sends each chunk as a plain `GET`).
   */
  readsPerBatch?: number;
  /** Largest page asked of the service by `readChanged` (default 5 000). */
  maxServerPageSize?: number;
  /**
   * Read only the columns declared for a table (`useColumns`, which the host calls with every column the mappings
   * on it use) instead of every readable column: `true` for every table, or a list of tables. Default: none — a
   * plugin hook may read any column of the rows it is given, so narrowing is a choice made where the hooks of the
   * mappings on a table are known (see the README).
   */
  mappedColumnsOnly?: boolean | readonly string[];
  /** Columns to read per table in addition to the declared ones (for hooks that read unmapped columns). */
  extraColumns?: Record<string, readonly string[]>;
  /**
   * After a full page of `readChanged`, read the next page while the caller works on this one (default true; see
   * `ReadAhead.ts`). `false` reads each page only when it is asked for.
   */
  readAhead?: boolean;
}

/**
 * The integration-side `TableStore` over the Dataverse Web API.
 *
 * - `readChanged`: rows after a (modifiedon, id) cursor, in the engine's cursor order, with the mapping's filter and
 *   without the integration identity's own writes (see `changeCursor.ts` for why the tie-break is client-side).
 * - `getByIds` / `findByValues`: `$filter` reads in bounded chunks.
 * - `write`: `$batch`, each operation its own request part, `Prefer: odata.continue-on-error` — no change sets, so one
 *   failing operation never rolls back or fails the others, and every operation has its own result. Creates carry
 *   the caller's (deterministic) id; a create that meets its own id (`DuplicateRecord`, e.g. retried after a crash or
 *   after a lost answer) is turned into an update of that row with the same values and reported as success
 *   ("success by upsert"). Updates send `If-Match: <etag>` when an etag is given, else `If-Match: *`.
 * - `identity`: `WhoAmI`'s `UserId`.
 */
export class DataverseStore implements TableStore {
  readonly name: string;
  /** A create that meets its own id is sent again as an update of that row (see `writeWithRetries`). */
  readonly createsAreIdempotent = true;
  readonly client: DataverseClient;
  private readonly tables = new Map<string, DataverseTableDefinition>();
  private readonly writeBatchSize: number;
  private readonly writeConcurrency: number;
  private readonly maxWriteAttempts: number;
  private readonly idsPerRequest: number;
  private readonly candidatesPerRequest: number;
  private readonly maxServerPageSize: number;
  private readonly readsPerBatch: number;
  private identityPromise: Promise<string> | undefined;
  private readonly mappedColumnsOnly: boolean | ReadonlySet<string>;
  /** Declared columns per table (`useColumns`, `extraColumns`). */
  private readonly declared = new Map<string, Set<string>>();
  private readonly readAhead: ReadAhead | undefined;
  /** The table of ids seen, for polymorphic lookups written as bare GUIDs. */
  private readonly known = new KnownRowTables(() => [...Object.values(dataverseTables), ...this.tables.values()]);

  constructor(options: DataverseStoreOptions) {
    this.client = options.client;
    this.name = options.name ?? `dataverse ${options.client.url}`;
    const extra = options.tables
      ? Symbol.iterator in options.tables
        ? [...(options.tables as Iterable<DataverseTableDefinition>)]
        : Object.values(options.tables as Record<string, DataverseTableDefinition>)
      : [];
    for (const table of extra) this.tables.set(table.name, table);
    this.writeBatchSize = clamp(options.writeBatchSize ?? MAX_BATCH_OPERATIONS, 1, MAX_BATCH_OPERATIONS);
    this.writeConcurrency = Math.max(1, options.writeConcurrency ?? 6);
    this.maxWriteAttempts = Math.max(1, options.maxWriteAttempts ?? 6);
    this.idsPerRequest = clamp(options.idsPerRequest ?? 50, 1, 500);
    this.candidatesPerRequest = clamp(options.candidatesPerRequest ?? 20, 1, 200);
    this.maxServerPageSize = clamp(options.maxServerPageSize ?? 5000, 1, 5000);
    this.readsPerBatch = clamp(options.readsPerBatch ?? MAX_BATCH_OPERATIONS, 1, MAX_BATCH_OPERATIONS);
    const narrow = options.mappedColumnsOnly ?? false;
    this.mappedColumnsOnly = typeof narrow === 'boolean' ? narrow : new Set(narrow);
    for (const [table, columns] of Object.entries(options.extraColumns ?? {})) this.useColumns(table, columns);
    this.readAhead = options.readAhead === false ? undefined : new ReadAhead();
  }

  /**
   * Declares columns read on a table (by read name or logical name; unknown names are ignored). Declarations add up.
   * With `mappedColumnsOnly` for the table, reads select the declared columns, the columns of the request's filter,
   * the id, `modifiedon` and `modifiedby` — instead of every readable column.
   */
  useColumns(tableName: string, columns: readonly string[]): void {
    let set = this.declared.get(tableName);
    if (!set) this.declared.set(tableName, (set = new Set()));
    for (const column of columns) set.add(column);
  }

  /** What `JSON.stringify` and `console.log` show: the name, the service and the registered tables, nothing secret. */
  toJSON(): { name: string; url: string; identityKey: string; tables: string[] } {
    return { name: this.name, url: this.client.url, identityKey: this.client.tokenProvider.identityKey, tables: [...this.tables.keys()] };
  }

  [inspect.custom](_depth: number, options: InspectOptions, nested: typeof inspect): string {
    return `DataverseStore ${nested(this.toJSON(), options)}`;
  }

  /** The deep link that opens a row in the Dynamics 365 / Power Apps web client (BC's "CRM hyperlink"). */
  recordUrl(table: string, id: string): string {
    return `${this.client.url}/main.aspx?pagetype=entityrecord&etn=${encodeURIComponent(table)}&id=${encodeURIComponent(id)}`;
  }

  /** Registers (or replaces) a table definition. */
  register(table: DataverseTableDefinition): void {
    this.tables.set(table.name, table);
    this.known.tablesChanged();
  }

  async describe(table: string): Promise<DataverseTableDefinition> {
    return this.table(table);
  }

  /** What the filter translation reads use (`filterToOData`) cannot express; the host calls it at boot. */
  checkFilter(tableName: string, filter: Filter): string[] {
    try {
      filterToOData(filter, this.resolver(this.table(tableName)));
      return [];
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
  }

  async identity(): Promise<string | undefined> {
    if (!this.identityPromise) {
      this.identityPromise = this.client.whoAmI().then((who) => who.UserId);
      this.identityPromise.catch(() => {
        this.identityPromise = undefined;
      });
    }
    return this.identityPromise;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reads

  /**
   * Rows changed after `request.after`, at most `limit`, ordered by (modifiedon, id): one keyset read
   * (`changeCursor.ts`) of `limit` rows in server pages of up to 5 000 — a page of the engine is one request when it
   * fits in one server page, and no row of the cursor's second is read again.
   */
  async readChanged(tableName: string, request: ReadChangedRequest): Promise<RowPage> {
    const page = (this.readAhead && (await this.readAhead.take(readKey(tableName, request)))) ?? (await this.readChangedNow(tableName, request));
    const last = page.rows[page.rows.length - 1];
    if (this.readAhead && last && page.rows.length >= Math.max(1, Math.floor(request.limit))) {
      // A full page: the pass will ask for the rows after its last one next (see `ReadAhead`).
      const next: ReadChangedRequest = { ...request, after: { modifiedOn: last.modifiedOn, id: last.id } };
      this.readAhead.start(readKey(tableName, next), () => this.readChangedNow(tableName, next));
    }
    return page;
  }

  private async readChangedNow(tableName: string, request: ReadChangedRequest): Promise<RowPage> {
    const table = this.table(tableName);
    const limit = Math.max(1, Math.floor(request.limit));
    const conditions = [
      wrap(filterToOData(request.filter, this.resolver(table))),
      changedSinceCondition(table, request.after),
      excludeModifiedByCondition(table, request.excludeModifiedBy),
    ].filter((c): c is string => !!c);
    const query = { select: this.selectOf(table, request.filter), filter: conditions.join(' and '), orderBy: changedRowsOrder(table) };
    const excluded = request.excludeModifiedBy?.toLowerCase();

    const rows: Row[] = [];
    let page = await this.client.list(table.entitySetName, query, { pageSize: clamp(limit, 1, this.maxServerPageSize) });
    // Server pages after the first were read later: the first one's time holds for the whole page, erring early.
    const readAt = page.readAt;
    const done = (): RowPage => ({ rows: this.seen(table, rows), ...(readAt ? { readAt } : {}) });
    for (;;) {
      for (const record of page.value) {
        const row = rowFromRecord(table, record);
        if (excluded && row.modifiedBy === excluded) continue; // the service already left these out; kept as a guard
        rows.push(row);
        if (rows.length === limit) break;
      }
      if (rows.length === limit || !page.nextLink) return done();
      page = await this.client.nextPage(page.nextLink, { pageSize: clamp(limit - rows.length, 1, this.maxServerPageSize) });
    }
  }

  /** Rows by id, in chunks of `idsPerRequest`; ids that are not GUIDs cannot exist and are skipped. */
  async getByIds(tableName: string, ids: readonly RowId[]): Promise<Row[]> {
    const table = this.table(tableName);
    const unique = [...new Set(ids.filter((id) => isGuid(id)).map((id) => id.toLowerCase()))];
    const select = this.selectOf(table);
    const queries = chunk(unique, this.idsPerRequest).map((part) => ({ select, filter: part.map((id) => `${table.idField} eq ${id}`).join(' or ') }));
    const pages = await this.readQueries(table, queries);
    return this.seen(table, pages.flat().map((record) => rowFromRecord(table, record)));
  }

  /**
   * Rows whose fields equal any one candidate (within the mapping's filter), for match-based coupling. The service
   * compares text case-insensitively; fields listed in `caseSensitive` are checked exactly afterwards.
   */
  async findByValues(tableName: string, query: MatchQuery): Promise<Row[]> {
    const table = this.table(tableName);
    const resolve = this.resolver(table);
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
    const queries = chunk(expressions, this.candidatesPerRequest).map((part) => {
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
    const bound = local && column ? this.client.serviceClock.latest(local, CREATED_ON_MARGIN_MS) : undefined;
    return bound ? `${column!.name} lt ${dateTimeLiteral(bound)}` : undefined;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes

  /**
   * Writes through `$batch` (each operation its own part, continue-on-error) and returns one result per operation,
   * in input order. Parts that come back throttled, transient or rolled back are sent again (bounded by
   * `maxWriteAttempts`); a create that meets its own id becomes an update of that row; an update answered `412`
   * after an ambiguous earlier attempt is verified by reading the row back; a delete answered `404` after an
   * ambiguous attempt counts as done. Each result carries the row's `modifiedon` and etag after the write.
   */
  async write(tableName: string, operations: readonly WriteOperation[], _options?: WriteOptions): Promise<WriteResult[]> {
    this.readAhead?.drop();
    const table = this.table(tableName);
    const results: (WriteResult | undefined)[] = new Array(operations.length).fill(undefined);
    const polymorphic = await resolvePolymorphicTargets(table, operations, {
      client: this.client,
      idFieldOf: (logicalName) => this.tables.get(logicalName)?.idField ?? tryShipped(logicalName)?.idField ?? `${logicalName}id`,
      entitySetOf: (logicalName) => this.entitySetOf(logicalName),
      idsPerRequest: this.idsPerRequest,
      known: this.known,
    });
    const queue: PendingWrite[] = [];
    const context = { entitySetOf: (logicalName: string) => this.entitySetOf(logicalName), polymorphic };
    operations.forEach((op, index) => {
      try {
        queue.push(preparePendingWrite(table, op, index, context));
      } catch (error) {
        results[index] = { ref: op.ref, ok: false, error: asError(error) };
      }
    });
    await writeWithRetries(table, queue, results, {
      client: this.client,
      batchSize: this.writeBatchSize,
      concurrency: this.writeConcurrency,
      maxAttempts: this.maxWriteAttempts,
      readBack: (ids) => this.getByIds(table.name, ids),
    });
    const written = queue.filter((p) => p.op.kind !== 'delete' && results[p.index]?.ok).map((p) => p.id);
    this.known.remember(table.name, written);
    this.known.forget(queue.filter((p) => p.op.kind === 'delete' && results[p.index]?.ok).map((p) => p.id));
    return results.map((result, index) => result ?? { ref: operations[index]!.ref, ok: false, error: new DataverseValidationError('No result') });
  }

  // ---------------------------------------------------------------------------------------------------------------

  private table(name: string): DataverseTableDefinition {
    const registered = this.tables.get(name);
    if (registered) return registered;
    return getDataverseTable(name);
  }

  private entitySetOf(logicalName: string): string {
    const registered = this.tables.get(logicalName) ?? tryShipped(logicalName);
    if (registered) return registered.entitySetName;
    if (Object.hasOwn(referencedOnlyEntitySets, logicalName)) return referencedOnlyEntitySets[logicalName]!;
    throw new UnknownTableError(logicalName, [...this.tables.keys()]);
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
   * `$batch` request (`batchedReads.ts`), such batches `writeConcurrency` at a time; one chunk is a plain `GET`.
   */
  private async readQueries(table: DataverseTableDefinition, queries: ODataQuery[]): Promise<Record<string, unknown>[][]> {
    const batches = chunk(queries, this.readsPerBatch);
    const pages = await mapConcurrent(batches, this.writeConcurrency, (part) => listInOneBatch(this.client, table.entitySetName, part, this.maxServerPageSize));
    return pages.flat();
  }

  /** Rows read from `table`: their ids are remembered as rows of it (`KnownRowTables`). */
  private seen(table: DataverseTableDefinition, rows: Row[]): Row[] {
    this.known.remember(table.name, rows.map((row) => row.id));
    return rows;
  }

  private narrows(tableName: string): boolean {
    return this.mappedColumnsOnly === true || (this.mappedColumnsOnly !== false && this.mappedColumnsOnly.has(tableName));
  }

  private resolver(table: DataverseTableDefinition): ODataFieldResolver {
    return (field) => {
      const column = findColumn(table, field);
      return column ? { name: column.name, type: column.type } : undefined;
    };
  }
}

function tryShipped(logicalName: string): DataverseTableDefinition | undefined {
  try {
    return getDataverseTable(logicalName);
  } catch {
    return undefined;
  }
}

function wrap(expression: string): string | undefined {
  return expression ? `(${expression})` : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
