import type { Filter, MatchQuery, ReadChangedRequest, Row, RowId, RowPage, TableStore, WriteOperation, WriteOptions, WriteResult } from '@tandem/core';
import { inspect, type InspectOptions } from 'node:util';
import type { DataverseClient } from '../client/DataverseClient';
import { filterToOData } from '../client/filterToOData';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { dataverseTables, getDataverseTable, referencedOnlyEntitySets } from '../tables/dataverseTables';
import { UnknownTableError } from '../tables/errors';
import { clamp } from './clamp';
import { KnownRowTables } from './KnownRowTables';
import { resolverOf, RowReader } from './RowReader';
import { RowWriter } from './RowWriter';

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
  private identityPromise: Promise<string> | undefined;
  /** The table of ids seen, for polymorphic lookups written as bare GUIDs. */
  private readonly known = new KnownRowTables(() => [...Object.values(dataverseTables), ...this.tables.values()]);
  private readonly reader: RowReader;
  private readonly writer: RowWriter;

  constructor(options: DataverseStoreOptions) {
    this.client = options.client;
    this.name = options.name ?? `dataverse ${options.client.url}`;
    const extra = options.tables
      ? Symbol.iterator in options.tables
        ? [...(options.tables as Iterable<DataverseTableDefinition>)]
        : Object.values(options.tables as Record<string, DataverseTableDefinition>)
      : [];
    for (const table of extra) this.tables.set(table.name, table);
    const concurrency = Math.max(1, options.writeConcurrency ?? 6);
    const idsPerRequest = clamp(options.idsPerRequest ?? 50, 1, 500);
    const narrow = options.mappedColumnsOnly ?? false;
    this.reader = new RowReader({
      client: this.client,
      known: this.known,
      idsPerRequest,
      candidatesPerRequest: clamp(options.candidatesPerRequest ?? 20, 1, 200),
      readsPerBatch: clamp(options.readsPerBatch ?? MAX_BATCH_OPERATIONS, 1, MAX_BATCH_OPERATIONS),
      maxServerPageSize: clamp(options.maxServerPageSize ?? 5000, 1, 5000),
      concurrency,
      mappedColumnsOnly: typeof narrow === 'boolean' ? narrow : new Set(narrow),
      readAhead: options.readAhead !== false,
    });
    this.writer = new RowWriter({
      client: this.client,
      known: this.known,
      idFieldOf: (logicalName) => this.tables.get(logicalName)?.idField ?? tryShipped(logicalName)?.idField ?? `${logicalName}id`,
      entitySetOf: (logicalName) => this.entitySetOf(logicalName),
      readBack: (table, ids) => this.reader.getByIds(table, ids),
      idsPerRequest,
      batchSize: clamp(options.writeBatchSize ?? MAX_BATCH_OPERATIONS, 1, MAX_BATCH_OPERATIONS),
      concurrency,
      maxAttempts: Math.max(1, options.maxWriteAttempts ?? 6),
    });
    for (const [table, columns] of Object.entries(options.extraColumns ?? {})) this.useColumns(table, columns);
  }

  /**
   * Declares columns read on a table (by read name or logical name; unknown names are ignored). Declarations add up.
   * With `mappedColumnsOnly` for the table, reads select the declared columns, the columns of the request's filter,
   * the id, `modifiedon` and `modifiedby` — instead of every readable column.
   */
  useColumns(tableName: string, columns: readonly string[]): void {
    this.reader.useColumns(tableName, columns);
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
      filterToOData(filter, resolverOf(this.table(tableName)));
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
  // Reads (`RowReader`)

  /**
   * Rows changed after `request.after`, at most `limit`, ordered by (modifiedon, id): one keyset read
   * (`changeCursor.ts`) of `limit` rows in server pages of up to 5 000 — a page of the engine is one request when it
   * fits in one server page, and no row of the cursor's second is read again.
   */
  async readChanged(tableName: string, request: ReadChangedRequest): Promise<RowPage> {
    return this.reader.readChanged(this.table(tableName), request);
  }

  /** Rows by id, in chunks of `idsPerRequest`; ids that are not GUIDs cannot exist and are skipped. */
  async getByIds(tableName: string, ids: readonly RowId[]): Promise<Row[]> {
    return this.reader.getByIds(this.table(tableName), ids);
  }

  /**
   * Rows whose fields equal any one candidate (within the mapping's filter), for match-based coupling. The service
   * compares text case-insensitively; fields listed in `caseSensitive` are checked exactly afterwards. Candidates
   * carry a `createdBefore` bound as `createdon lt T` on the service's clock (`ServiceClock`), plus a second.
   */
  async findByValues(tableName: string, query: MatchQuery): Promise<Row[]> {
    return this.reader.findByValues(this.table(tableName), query);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes (`RowWriter`)

  /**
   * Writes through `$batch` (each operation its own part, continue-on-error) and returns one result per operation,
   * in input order. Parts that come back throttled, transient or rolled back are sent again (bounded by
   * `maxWriteAttempts`); a create that meets its own id becomes an update of that row; an update answered `412`
   * after an ambiguous earlier attempt is verified by reading the row back; a delete answered `404` after an
   * ambiguous attempt counts as done. Each result carries the row's `modifiedon` and etag after the write.
   */
  async write(tableName: string, operations: readonly WriteOperation[], _options?: WriteOptions): Promise<WriteResult[]> {
    this.reader.dropReadAhead();
    return this.writer.write(this.table(tableName), operations);
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
    return this.reader.selectOf(table, filter);
  }
}

function tryShipped(logicalName: string): DataverseTableDefinition | undefined {
  try {
    return getDataverseTable(logicalName);
  } catch {
    return undefined;
  }
}
