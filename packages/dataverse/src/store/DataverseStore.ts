import { randomUUID } from 'node:crypto';
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
import type { BatchOperation } from '../client/BatchRequest';
import type { BatchOperationResult, DataverseClient } from '../client/DataverseClient';
import { filterToOData, type ODataFieldResolver } from '../client/filterToOData';
import { isGuid, odataLiteral } from '../client/odataLiteral';
import { buildQueryString } from '../client/ODataQuery';
import { backoffDelay, sleep } from '../client/retry';
import {
  DataverseConflictError,
  DataverseDuplicateRecordError,
  DataverseNotFoundError,
  DataverseThrottledError,
  DataverseValidationError,
} from '../errors/DataverseErrors';
import type { DataverseColumn, DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { getDataverseTable, referencedOnlyEntitySets } from '../tables/dataverseTables';
import { UnknownTableError } from '../tables/errors';
import { changedRowsOrder, changedSinceCondition, excludeModifiedByCondition, isAfterCursor, sortByCursor } from './changeCursor';
import { findColumn, isLookupValue, recordFromValues, rowFromRecord, rowHoldsValues, selectColumns } from './rowMapping';

export interface DataverseStoreOptions {
  client: DataverseClient;
  /**
   * Table definitions beyond the shipped ones (plugins' custom tables), or replacements for them; by logical name.
   * The shipped definitions (`dataverseTables`) are always known.
   */
  tables?: Iterable<DataverseTableDefinition> | Record<string, DataverseTableDefinition>;
  /** A name for messages; default `dataverse <url>`. */
  name?: string;
  /** Operations per `$batch` request when writing (default 100, at most 1 000). */
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
  /** Largest page asked of the service by `readChanged` (default 5 000). */
  maxServerPageSize?: number;
}

interface PendingWrite {
  index: number;
  op: WriteOperation;
  /** The row id the operation targets (an insert's chosen id). */
  id: string;
  /** The JSON body (insert: with the id). */
  body?: Record<string, unknown>;
  /** Insert only: the body to send when the create meets its own id (columns valid for update only). */
  updateBody?: Record<string, unknown>;
  /** An insert that met its own id: now sent as an update of that row. */
  asUpdate: boolean;
  attempts: number;
  /** An earlier send may have been applied although its answer was lost. */
  possiblyApplied: boolean;
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
  readonly client: DataverseClient;
  private readonly tables = new Map<string, DataverseTableDefinition>();
  private readonly writeBatchSize: number;
  private readonly writeConcurrency: number;
  private readonly maxWriteAttempts: number;
  private readonly idsPerRequest: number;
  private readonly candidatesPerRequest: number;
  private readonly maxServerPageSize: number;
  private identityPromise: Promise<string> | undefined;

  constructor(options: DataverseStoreOptions) {
    this.client = options.client;
    this.name = options.name ?? `dataverse ${options.client.url}`;
    const extra = options.tables
      ? Symbol.iterator in options.tables
        ? [...(options.tables as Iterable<DataverseTableDefinition>)]
        : Object.values(options.tables as Record<string, DataverseTableDefinition>)
      : [];
    for (const table of extra) this.tables.set(table.name, table);
    this.writeBatchSize = clamp(options.writeBatchSize ?? 100, 1, 1000);
    this.writeConcurrency = Math.max(1, options.writeConcurrency ?? 6);
    this.maxWriteAttempts = Math.max(1, options.maxWriteAttempts ?? 6);
    this.idsPerRequest = clamp(options.idsPerRequest ?? 50, 1, 500);
    this.candidatesPerRequest = clamp(options.candidatesPerRequest ?? 20, 1, 200);
    this.maxServerPageSize = clamp(options.maxServerPageSize ?? 5000, 1, 5000);
  }

  /** Registers (or replaces) a table definition. */
  register(table: DataverseTableDefinition): void {
    this.tables.set(table.name, table);
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
   * Rows changed after `request.after`, at most `limit`, in (modifiedOn, id-as-text) order. Reads whole seconds from
   * the service (`modifiedon ge T`, ordered by `modifiedon, id`), keeps reading past `limit` until the second of the
   * last returned row is complete, then re-sorts and cuts — so rows sharing one second page exactly once however
   * the service orders GUIDs.
   */
  async readChanged(tableName: string, request: ReadChangedRequest): Promise<RowPage> {
    const table = this.table(tableName);
    const limit = Math.max(1, Math.floor(request.limit));
    const conditions = [
      wrap(filterToOData(request.filter, this.resolver(table))),
      changedSinceCondition(table, request.after),
      excludeModifiedByCondition(table, request.excludeModifiedBy),
    ].filter((c): c is string => !!c);
    const query = { select: this.selectOf(table), filter: conditions.join(' and '), orderBy: changedRowsOrder(table) };
    const pageSize = clamp(limit, 1, this.maxServerPageSize);
    const excluded = request.excludeModifiedBy?.toLowerCase();

    const rows: Row[] = [];
    let page = await this.client.list(table.entitySetName, query, { pageSize });
    for (;;) {
      let lastSeen: Date | undefined;
      for (const record of page.value) {
        const row = rowFromRecord(table, record);
        lastSeen = row.modifiedOn;
        if (!isAfterCursor(row, request.after)) continue;
        if (excluded && row.modifiedBy === excluded) continue;
        rows.push(row);
      }
      if (!page.nextLink) break;
      if (rows.length >= limit && lastSeen) {
        // Rows arrive in modifiedon order: once a later second shows up, the second of row `limit` is complete.
        const boundary = [...rows].sort((a, b) => a.modifiedOn.getTime() - b.modifiedOn.getTime())[limit - 1]!.modifiedOn;
        if (Math.floor(lastSeen.getTime() / 1000) > Math.floor(boundary.getTime() / 1000)) break;
      }
      page = await this.client.nextPage(page.nextLink, { pageSize });
    }
    return { rows: sortByCursor(rows).slice(0, limit) };
  }

  /** Rows by id, in chunks of `idsPerRequest`; ids that are not GUIDs cannot exist and are skipped. */
  async getByIds(tableName: string, ids: readonly RowId[]): Promise<Row[]> {
    const table = this.table(tableName);
    const unique = [...new Set(ids.filter((id) => isGuid(id)).map((id) => id.toLowerCase()))];
    const chunks = chunk(unique, this.idsPerRequest);
    const pages = await mapConcurrent(chunks, this.writeConcurrency, (part) =>
      this.client.listAll(
        table.entitySetName,
        { select: this.selectOf(table), filter: part.map((id) => `${table.idField} eq ${id}`).join(' or ') },
        { pageSize: this.maxServerPageSize },
      ),
    );
    return pages.flat().map((record) => rowFromRecord(table, record));
  }

  /**
   * Rows whose fields equal any one candidate (within the mapping's filter), for match-based coupling. The service
   * compares text case-insensitively; fields listed in `caseSensitive` are checked exactly afterwards.
   */
  async findByValues(tableName: string, query: MatchQuery): Promise<Row[]> {
    const table = this.table(tableName);
    const resolve = this.resolver(table);
    const candidates = query.candidates.filter((candidate) => Object.keys(candidate).length > 0);
    if (candidates.length === 0) return [];
    const mappingFilter = wrap(filterToOData(query.filter, resolve));
    const expressions = candidates.map((candidate) => {
      const parts = Object.entries(candidate).map(([field, value]) => {
        const column = findColumn(table, field);
        if (!column) throw new DataverseValidationError(`Unknown column "${field}" on Dataverse table "${table.name}"`);
        const literal = odataLiteral(isLookupValue(value) ? value.id : (value as never), column.type, field);
        return `${column.name} eq ${literal}`;
      });
      return parts.length === 1 ? parts[0]! : `(${parts.join(' and ')})`;
    });
    const chunks = chunk(expressions, this.candidatesPerRequest);
    const pages = await mapConcurrent(chunks, this.writeConcurrency, (part) => {
      const anyCandidate = part.length === 1 ? part[0]! : `(${part.join(' or ')})`;
      const filter = mappingFilter ? `${mappingFilter} and ${anyCandidate}` : anyCandidate;
      return this.client.listAll(table.entitySetName, { select: this.selectOf(table), filter }, { pageSize: this.maxServerPageSize });
    });
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
    return rows;
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
    const table = this.table(tableName);
    const results: (WriteResult | undefined)[] = new Array(operations.length).fill(undefined);
    let queue: PendingWrite[] = [];
    const polymorphic = await this.resolvePolymorphicTargets(table, operations);
    operations.forEach((op, index) => {
      try {
        queue.push(this.prepare(table, op, index, polymorphic));
      } catch (error) {
        results[index] = { ref: op.ref, ok: false, error: asError(error) };
      }
    });

    const needStamp: { pending: PendingWrite; result: BatchOperationResult }[] = [];
    const toVerify: PendingWrite[] = [];
    let round = 0;
    while (queue.length > 0) {
      round += 1;
      const next: PendingWrite[] = [];
      let wait = 0;
      const chunks = chunk(queue, this.writeBatchSize);
      const outcomes = await mapConcurrent(chunks, this.writeConcurrency, async (part) => {
        try {
          return { part, results: await this.client.batch(part.map((p) => this.batchOperation(table, p)), { continueOnError: true }) };
        } catch (error) {
          return { part, error: asError(error) };
        }
      });
      for (const outcome of outcomes) {
        if (outcome.error) {
          for (const pending of outcome.part) results[pending.index] = { ref: pending.op.ref, ok: false, error: outcome.error };
          continue;
        }
        outcome.part.forEach((pending, k) => {
          const result = outcome.results![k]!;
          if (result.possiblyRepeated) pending.possiblyApplied = true;
          if (result.ok) {
            const done = this.success(table, pending, result);
            if (done) results[pending.index] = done;
            else needStamp.push({ pending, result });
            return;
          }
          const error = result.error!;
          if (pending.op.kind === 'insert' && !pending.asUpdate && error instanceof DataverseDuplicateRecordError) {
            // The row with our id exists: we made it before (crash, lost answer). Write the values onto it instead.
            pending.asUpdate = true;
            next.push(pending);
            return;
          }
          if ((error.kind === 'throttled' || error.kind === 'transient') && pending.attempts < this.maxWriteAttempts) {
            pending.attempts += 1;
            if (error.kind === 'transient') pending.possiblyApplied = true;
            const delay =
              error instanceof DataverseThrottledError && error.retryAfterMs !== undefined
                ? error.retryAfterMs
                : backoffDelay(pending.attempts, this.client.retryPolicy);
            wait = Math.max(wait, delay);
            next.push(pending);
            return;
          }
          if (error instanceof DataverseConflictError && !(error instanceof DataverseDuplicateRecordError) && pending.possiblyApplied && pending.op.kind === 'update') {
            toVerify.push(pending);
            return;
          }
          if (error instanceof DataverseNotFoundError && pending.possiblyApplied && pending.op.kind === 'delete') {
            results[pending.index] = { ref: pending.op.ref, ok: true, id: pending.id, modifiedOn: new Date() };
            return;
          }
          results[pending.index] = { ref: pending.op.ref, ok: false, error };
        });
      }
      queue = next;
      if (queue.length > 0 && wait > 0) await sleep(wait);
      if (round > this.maxWriteAttempts * 3) break; // a safety net; attempts are bounded per operation above
    }
    for (const pending of queue) {
      results[pending.index] ??= { ref: pending.op.ref, ok: false, error: new DataverseValidationError('Write abandoned after too many rounds') };
    }

    // Rows whose answer lacked a representation, and updates to verify: read them back in one go.
    const readBack = [...needStamp.map((n) => n.pending), ...toVerify];
    if (readBack.length > 0) {
      let found: Row[] = [];
      try {
        found = await this.getByIds(table.name, readBack.map((p) => p.id));
      } catch (error) {
        // Reading back failed: creates and updates still succeeded (stamp = now); verifications fail with the error.
        for (const pending of toVerify) results[pending.index] = { ref: pending.op.ref, ok: false, error: asError(error) };
        toVerify.length = 0;
      }
      const rows = new Map(found.map((row) => [row.id, row]));
      for (const { pending } of needStamp) {
        const row = rows.get(pending.id);
        results[pending.index] = {
          ref: pending.op.ref,
          ok: true,
          id: pending.id,
          modifiedOn: row?.modifiedOn ?? new Date(),
          ...(row?.etag ? { etag: row.etag } : {}),
        };
      }
      for (const pending of toVerify) {
        const row = rows.get(pending.id);
        if (row && pending.op.kind === 'update' && rowHoldsValues(table, row, pending.op.values)) {
          results[pending.index] = { ref: pending.op.ref, ok: true, id: row.id, modifiedOn: row.modifiedOn, ...(row.etag ? { etag: row.etag } : {}) };
        } else {
          results[pending.index] = {
            ref: pending.op.ref,
            ok: false,
            error: row
              ? new DataverseConflictError(`The ${table.name} row ${pending.id} was changed by someone else (etag mismatch)`, { status: 412 })
              : new DataverseNotFoundError(`The ${table.name} row ${pending.id} does not exist`, { status: 404 }),
          };
        }
      }
    }
    return results.map((result, index) => result ?? { ref: operations[index]!.ref, ok: false, error: new DataverseValidationError('No result') });
  }

  private prepare(table: DataverseTableDefinition, op: WriteOperation, index: number, polymorphic: Map<string, string>): PendingWrite {
    const targetOf = (_column: DataverseColumn, id: string) => polymorphic.get(id);
    const entitySetOf = (logicalName: string) => this.entitySetOf(logicalName);
    if (op.kind === 'insert') {
      const fromValues = op.values[table.idField];
      const id = String(op.id ?? (typeof fromValues === 'string' && fromValues ? fromValues : randomUUID())).toLowerCase();
      if (!isGuid(id)) throw new DataverseValidationError(`Insert "${op.ref}": the id "${id}" is not a GUID`);
      const body = { ...recordFromValues(table, op.values, { mode: 'create', entitySetOf, targetOf }), [table.idField]: id };
      const updateBody = recordFromValues(table, op.values, { mode: 'update', skipInvalid: true, entitySetOf, targetOf });
      return { index, op, id, body, updateBody, asUpdate: false, attempts: 1, possiblyApplied: false };
    }
    if (!isGuid(op.id)) throw new DataverseValidationError(`${op.kind} "${op.ref}": the id "${op.id}" is not a GUID`);
    const id = op.id.toLowerCase();
    if (op.kind === 'update') {
      const body = recordFromValues(table, op.values, { mode: 'update', entitySetOf, targetOf });
      return { index, op, id, body, asUpdate: false, attempts: 1, possiblyApplied: false };
    }
    return { index, op, id, asUpdate: false, attempts: 1, possiblyApplied: false };
  }

  private batchOperation(table: DataverseTableDefinition, pending: PendingWrite): BatchOperation {
    const select = buildQueryString({ select: [table.idField, table.modifiedOnField] });
    const representation = { Prefer: 'return=representation' };
    const op = pending.op;
    if (op.kind === 'insert' && !pending.asUpdate) {
      return { method: 'POST', url: `${table.entitySetName}${select}`, headers: representation, body: pending.body };
    }
    if (op.kind === 'insert') {
      // The create met its own id: the same values as an update (create-only columns cannot be updated).
      return {
        method: 'PATCH',
        url: `${table.entitySetName}(${pending.id})${select}`,
        headers: { ...representation, 'If-Match': '*' },
        body: pending.updateBody,
      };
    }
    if (op.kind === 'update') {
      return {
        method: 'PATCH',
        url: `${table.entitySetName}(${pending.id})${select}`,
        headers: { ...representation, 'If-Match': op.etag ?? '*' },
        body: pending.body,
      };
    }
    return { method: 'DELETE', url: `${table.entitySetName}(${pending.id})`, headers: op.etag ? { 'If-Match': op.etag } : {} };
  }

  /** The result of a successful part, or undefined when the answer had no row to take the stamp from. */
  private success(table: DataverseTableDefinition, pending: PendingWrite, result: BatchOperationResult): WriteResult | undefined {
    if (pending.op.kind === 'delete') return { ref: pending.op.ref, ok: true, id: pending.id, modifiedOn: new Date() };
    const body = result.body;
    const modified = body?.[table.modifiedOnField];
    if (typeof modified !== 'string') return undefined;
    const etag = result.etag;
    return { ref: pending.op.ref, ok: true, id: pending.id, modifiedOn: new Date(modified), ...(etag ? { etag } : {}) };
  }

  /**
   * For polymorphic lookups written as bare GUIDs (a Customer that may be an account or a contact, an owner that may
   * be a user or a team), finds which target table holds each id: one query per target table per write call.
   */
  private async resolvePolymorphicTargets(table: DataverseTableDefinition, operations: readonly WriteOperation[]): Promise<Map<string, string>> {
    const byColumn = new Map<DataverseColumn, Set<string>>();
    for (const op of operations) {
      if (op.kind === 'delete') continue;
      for (const [name, value] of Object.entries(op.values)) {
        const column = findColumn(table, name);
        if (!column || column.type !== 'lookup' || (column.targets?.length ?? 0) < 2) continue;
        if (typeof value !== 'string' || !isGuid(value)) continue;
        const set = byColumn.get(column) ?? new Set<string>();
        set.add(value.toLowerCase());
        byColumn.set(column, set);
      }
    }
    const found = new Map<string, string>();
    for (const [column, ids] of byColumn) {
      let remaining = [...ids];
      for (const target of column.targets ?? []) {
        if (remaining.length === 0) break;
        const idField = this.tables.get(target.table)?.idField ?? tryShipped(target.table)?.idField ?? `${target.table}id`;
        let entitySet: string;
        try {
          entitySet = this.entitySetOf(target.table);
        } catch {
          continue;
        }
        for (const part of chunk(remaining, this.idsPerRequest)) {
          const rows = await this.client.listAll(entitySet, {
            select: [idField],
            filter: part.map((id) => `${idField} eq ${id}`).join(' or '),
          });
          for (const row of rows) {
            const id = row[idField];
            if (typeof id === 'string') found.set(id.toLowerCase(), target.table);
          }
        }
        remaining = remaining.filter((id) => !found.has(id));
      }
    }
    return found;
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

  private selectOf(table: DataverseTableDefinition): string[] {
    const columns = new Set(selectColumns(table));
    columns.add(table.idField);
    columns.add(table.modifiedOnField);
    if (table.modifiedByField) columns.add(table.modifiedByField);
    return [...columns];
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

function candidateMatches(table: DataverseTableDefinition, row: Row, candidate: Record<string, unknown>, caseSensitive: Set<string>): boolean {
  return Object.entries(candidate).every(([field, expected]) => {
    const column = findColumn(table, field);
    const actual = column ? row.values[column.name] : undefined;
    const want = isLookupValue(expected) ? expected.id : expected;
    if (want === null || want === undefined) return actual === null || actual === undefined;
    if (actual === null || actual === undefined) return false;
    if (actual instanceof Date || want instanceof Date) {
      return new Date(actual as string | Date).getTime() === new Date(want as string | Date).getTime();
    }
    if (typeof want === 'string' && typeof actual === 'string') {
      if (caseSensitive.has(field) || (column && caseSensitive.has(column.name))) return actual === want;
      // Like the service: case-insensitive, trailing blanks ignored (SQL comparison).
      return actual.trimEnd().toLowerCase() === want.trimEnd().toLowerCase();
    }
    return String(actual) === String(want);
  });
}

function wrap(expression: string): string | undefined {
  return expression ? `(${expression})` : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs `task` over `items` with at most `limit` at once; results in input order. */
async function mapConcurrent<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

