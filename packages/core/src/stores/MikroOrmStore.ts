import { QueryHelper, ReferenceKind, wrap, type EntityManager, type EntityMetadata, type FilterQuery, type MikroORM } from '@mikro-orm/core';
import { SqlEntityManager } from '@mikro-orm/knex';
import { ErrorCodes, TandemError, classifyError } from '../errors/TandemError';
import { withoutStatement } from '../errors/storedErrorText';
import type { Filter } from '../model/Filter';
import type { Row, RowId } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';
import { entityTableDefinition, type EntityStampFields } from './entityTableDefinition';
import type {
  MatchQuery,
  ReadChangedRequest,
  RowPage,
  StateTransaction,
  TableStore,
  WriteOperation,
  WriteOptions,
  WriteResult,
} from './TableStore';
import { chunks } from '../util/chunks';
import { caseInsensitiveLike } from './caseInsensitiveLike';
import { matchCondition } from './matchCondition';
import { createdBeforeOf } from './createdBeforeOf';
import { inTransaction } from '../state/inTransaction';

export interface MikroOrmStoreOptions {
  /** A name for messages; defaults to "mikro-orm". */
  name?: string;
  /** The identity this store writes as; stamped into each table's modified-by field when it has one. */
  identity?: string;
  /** Per entity: where its modified-on and modified-by are, when not found by convention. */
  tables?: Record<string, EntityStampFields>;
  /**
   * How to link to a row in the ERP's own user interface, e.g. `https://erp.example.com/{table}/{id}`: `{table}` and
   * `{id}` are replaced by the entity name and the row id, URL-encoded. Without it, `recordUrl` gives no link.
   */
  linkTemplate?: string;
}

/** SQLite allows at most 500 terms in the compound selects MikroORM builds for multi-row upserts. */
const UPSERT_CHUNK = 500;
const ID_CHUNK = 900;
/** Match candidates per query: a page of core's default size is one statement. */
const CANDIDATE_CHUNK = 2000;
/** Margin added to a match query's `createdBefore` (see `#createdBeforeCondition`). */
const CREATED_ON_MARGIN_MS = 1000;
/** Equality of a stored value and a candidate value, as the database compared them (dates by instant). */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (actual instanceof Date || expected instanceof Date) {
    return actual != null && expected != null && new Date(actual as string).getTime() === new Date(expected as string).getTime();
  }
  if (actual == null || expected == null) return actual == null && expected == null;
  return actual === expected || String(actual) === String(expected);
}

/**
 * A driver error as the engine gets it: MikroORM (through knex) puts the whole SQL statement, every value inlined,
 * in front of the driver's reason; only the reason is kept. The original stays as `cause`, which is never stored.
 */
function driverError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const reason = withoutStatement(error.message);
  if (reason === error.message) return error;
  const reduced = new TandemError(ErrorCodes.WRITE_FAILED, `the database refused the write: ${reason}`, { errorClass: classifyError(error), cause: error });
  return reduced;
}

/**
 * A `TableStore` over any MikroORM entity: the business side of Tandem, or either side when two databases are
 * synchronized. Reads are keyset pages on (modified-on, id); writes are grouped per batch (one multi-row insert, one
 * multi-row upsert, one delete) and fall back to one row at a time, each in its own savepoint, only when a batch
 * statement fails — so one bad row never fails the others.
 */
export class MikroOrmStore implements TableStore {
  readonly name: string;
  readonly orm: MikroORM;
  readonly #options: MikroOrmStoreOptions;
  readonly #definitions = new Map<string, TableDefinition>();
  readonly #selected = new Map<string, string[]>();
  readonly #rowPlans = new Map<string, RowPlan>();

  constructor(orm: MikroORM, options: MikroOrmStoreOptions = {}) {
    this.orm = orm;
    this.#options = options;
    this.name = options.name ?? 'mikro-orm';
  }

  async describe(table: string): Promise<TableDefinition> {
    return this.definition(table);
  }

  recordUrl(table: string, id: RowId): string | undefined {
    const template = this.#options.linkTemplate;
    if (!template) return undefined;
    return template.replaceAll('{table}', encodeURIComponent(table)).replaceAll('{id}', encodeURIComponent(String(id)));
  }

  /** The synchronous form of `describe`, for the host's mapping validation. */
  definition(table: string): TableDefinition {
    let definition = this.#definitions.get(table);
    if (!definition) {
      definition = entityTableDefinition(this.#meta(table), this.#options.tables?.[table]);
      this.#definitions.set(table, definition);
    }
    return definition;
  }

  joins(transaction: StateTransaction): boolean {
    return transaction.join(this.orm.em) !== undefined;
  }

  async identity(): Promise<string | undefined> {
    return this.#options.identity;
  }

  async readChanged(table: string, request: ReadChangedRequest): Promise<RowPage> {
    const def = this.definition(table);
    const conditions: FilterQuery<object>[] = [];
    if (request.filter) conditions.push(this.#where(request.filter));
    const em = this.orm.em.fork();
    let keyset: RawCondition | undefined;
    if (request.after) {
      const at = request.after.modifiedOn;
      const id = this.#toKey(table, request.after.id);
      keyset = em instanceof SqlEntityManager ? this.#keysetCondition(em, table, at, id) : undefined;
      if (!keyset) conditions.push({ $or: [{ [def.modifiedOnField]: { $gt: at } }, { [def.modifiedOnField]: at, [def.idField]: { $gt: id } }] });
    }
    if (request.excludeModifiedBy !== undefined && def.modifiedByField) {
      conditions.push({ $or: [{ [def.modifiedByField]: { $ne: request.excludeModifiedBy } }, { [def.modifiedByField]: null }] });
    }
    // Taken before the query starts: the rows are stamped by the ERP's clock on this machine (or one kept in step
    // with it within the mapping's overlap window).
    const readAt = new Date();
    const rows = await this.#select(em, table, conditions.length ? { $and: conditions } : {}, {
      orderBy: { [def.modifiedOnField]: 'asc', [def.idField]: 'asc' },
      limit: request.limit,
      ...(keyset ? { raw: keyset } : {}),
    });
    return { rows, readAt };
  }

  /**
   * "After the cursor" as one row-value comparison, `(modified_on, id) > (?, ?)`, which SQLite and PostgreSQL answer
   * by seeking an index on both columns. The equivalent `m > ? OR (m = ? AND id > ?)` made SQLite gather and sort
   * every row sharing the cursor's stamp on each page: rows imported with one stamp cost O(N²) to page through.
   * Only for a date stamp and a one-column key (otherwise the caller keeps the `$or`).
   */
  #keysetCondition(em: SqlEntityManager, table: string, at: Date, id: string | number): RawCondition | undefined {
    const def = this.definition(table);
    const meta = this.#meta(table);
    const stamp = meta.properties[def.modifiedOnField];
    const key = meta.properties[def.idField];
    if (!stamp || !key || stamp.fieldNames?.length !== 1 || key.fieldNames?.length !== 1 || stamp.runtimeType !== 'Date') return undefined;
    const platform = em.getPlatform();
    const columns = [stamp.fieldNames[0]!, key.fieldNames[0]!].map((c) => platform.quoteIdentifier(c)).join(', ');
    return { sql: `(${columns}) > (?, ?)`, params: [platform.processDateProperty(at), id] };
  }

  /** Builds the SQL a read with this filter would send (without sending it) and reports what MikroORM refuses. */
  checkFilter(table: string, filter: Filter): string[] {
    try {
      this.definition(table);
      const em = this.orm.em.fork();
      // Every SQL driver's EntityManager (knex based) builds reads with a QueryBuilder; others are not checked.
      if (em instanceof SqlEntityManager) em.createQueryBuilder(table).select('*').where(this.#where(filter) as never).getFormattedQuery();
      return [];
    } catch (error) {
      return [`${this.name} cannot translate the filter: ${error instanceof Error ? error.message : String(error)}`];
    }
  }

  async getByIds(table: string, ids: readonly RowId[]): Promise<Row[]> {
    return this.#load(this.orm.em.fork(), table, ids);
  }

  async findByValues(table: string, query: MatchQuery): Promise<Row[]> {
    // MikroORM inlines values into its SQL, and SQLite ends a statement at U+0000: such a candidate is left out (it
    // finds nothing; the record then fails on its own when its value is converted for the write).
    const candidates = query.candidates.filter((c) => !Object.values(c).some((v) => typeof v === 'string' && v.includes('\u0000')));
    const createdBefore = createdBeforeOf(query);
    if (candidates.length === 0) return [];
    const bound = this.#createdBeforeCondition(table, createdBefore);
    const caseSensitive = new Set(query.caseSensitive ?? []);
    const insensitive = (field: string, value: unknown): value is string => typeof value === 'string' && !caseSensitive.has(field);
    // One statement per page of candidates (a larger call is chunked).
    const found: Row[] = [];
    const ids = new Set<string>();
    for (const part of chunks(candidates, CANDIDATE_CHUNK)) {
      const anyOf = matchCondition(part, insensitive, this.#meta(table), this.orm.em.getPlatform());
      const conditions = [...(query.filter ? [this.#where(query.filter)] : []), ...(bound ? [bound] : []), anyOf];
      const where: FilterQuery<object> = conditions.length === 1 ? anyOf : { $and: conditions };
      for (const row of await this.#select(this.orm.em.fork(), table, where)) {
        if (ids.has(row.id)) continue;
        ids.add(row.id);
        found.push(row);
      }
    }
    const fold = (text: string) => text.toLocaleLowerCase();
    const holds = (row: Row, candidate: Record<string, unknown>) =>
      Object.entries(candidate).every(([field, value]) => {
        const actual = row.values[field];
        if (insensitive(field, value)) return typeof actual === 'string' && fold(actual) === fold(value);
        return sameValue(actual, value);
      });
    return found.filter((row) => candidates.some((c) => holds(row, c)));
  }

  /**
   * Rows created before the instant, on a table that keeps its created-on (`createdOnField`). A second of margin:
   * a database that keeps whole seconds may round a stamp up (PostgreSQL's `timestamp(0)` does), and the rows may be
   * stamped by another machine's clock; a row without a stamp is kept. Erring late only returns more rows.
   */
  #createdBeforeCondition(table: string, createdBefore: Date | undefined): FilterQuery<object> | undefined {
    const field = this.definition(table).createdOnField;
    if (!createdBefore || !field) return undefined;
    return { $or: [{ [field]: { $lt: new Date(createdBefore.getTime() + CREATED_ON_MARGIN_MS) } }, { [field]: null }] };
  }

  async write(table: string, operations: readonly WriteOperation[], options: WriteOptions = {}): Promise<WriteResult[]> {
    if (operations.length === 0) return [];
    const joined = options.transaction?.join(this.orm.em);
    if (joined) return this.#writeIn(joined as EntityManager, table, operations);
    return inTransaction(this.orm.em.fork(), (em) => this.#writeIn(em, table, operations));
  }

  async #writeIn(em: EntityManager, table: string, operations: readonly WriteOperation[]): Promise<WriteResult[]> {
    const def = this.definition(table);
    const now = new Date();
    const results = new Map<string, WriteResult>();
    const stamp = (values: Record<string, unknown>) => {
      values[def.modifiedOnField] = now;
      if (def.modifiedByField && this.#options.identity !== undefined) values[def.modifiedByField] = this.#options.identity;
      return values;
    };

    const inserts = operations.filter((op): op is Extract<WriteOperation, { kind: 'insert' }> => op.kind === 'insert');
    const insertRows = inserts.map((op) => {
      const values = stamp({ ...op.values });
      // Native inserts skip the entity's `onCreate`: the created-on is stamped here, or the row would have none.
      if (def.createdOnField && values[def.createdOnField] == null) values[def.createdOnField] = now;
      if (!def.idGenerated && values[def.idField] === undefined && op.id !== undefined) values[def.idField] = this.#toKey(table, op.id);
      return { op, values };
    });
    const hasKey = (r: (typeof insertRows)[number]) => r.values[def.idField] !== undefined && r.values[def.idField] !== null;
    const keyed = insertRows.filter(hasKey);
    const generated = insertRows.filter((r) => !hasKey(r));
    await this.#grouped(em, keyed, results, async (batch) => {
      await insertPlainRows(em, table, batch.map((r) => r.values));
      return batch.map((r) => ({ ref: r.op.ref, ok: true as const, id: String(r.values[def.idField]), modifiedOn: now }));
    });
    // Tables whose ids the database generates insert row by row: only then does each row learn its id.
    for (const r of generated) {
      results.set(r.op.ref, await this.#isolated(em, r.op.ref, async () => {
        const id = await em.insert(table, r.values);
        return { ref: r.op.ref, ok: true, id: String(id), modifiedOn: now };
      }));
    }

    const updates = operations.filter((op): op is Extract<WriteOperation, { kind: 'update' }> => op.kind === 'update');
    if (updates.length > 0) {
      // One read of the current rows: to refuse rows that vanished or changed since the caller read them.
      const current = new Map((await this.#load(em, table, updates.map((u) => u.id))).map((row) => [row.id, row]));
      const ready: { op: (typeof updates)[number]; values: Record<string, unknown> }[] = [];
      for (const op of updates) {
        const row = current.get(op.id);
        if (!row) {
          results.set(op.ref, { ref: op.ref, ok: false, error: new TandemError(ErrorCodes.RECORD_NOT_FOUND, `${table} ${op.id} does not exist`, { errorClass: 'conflict' }) });
        } else if (op.expectedModifiedOn && row.modifiedOn.getTime() !== op.expectedModifiedOn.getTime()) {
          results.set(op.ref, { ref: op.ref, ok: false, error: new TandemError(ErrorCodes.CONCURRENT_CHANGE, `${table} ${op.id} changed while it was being synchronized`, { errorClass: 'transient' }) });
        } else {
          const values = stamp({ ...op.values });
          delete values[def.idField];
          ready.push({ op, values });
        }
      }
      // One `UPDATE … SET col = CASE WHEN id = ? THEN ? … END WHERE id IN (…)` per chunk: only the written fields,
      // no entities, no re-read (MikroORM's `upsertMany` builds and returns managed entities).
      await this.#grouped(em, ready, results, async (batch) => {
        await em.getDriver().nativeUpdateMany<object>(
          table,
          batch.map((r) => ({ [def.idField]: this.#toKey(table, r.op.id) })),
          batch.map((r) => QueryHelper.processObjectParams(r.values)) as never[],
          { ctx: em.getTransactionContext() },
        );
        return batch.map((r) => ({ ref: r.op.ref, ok: true as const, id: r.op.id, modifiedOn: now }));
      });
    }

    const deletes = operations.filter((op): op is Extract<WriteOperation, { kind: 'delete' }> => op.kind === 'delete');
    if (deletes.length > 0) {
      await this.#grouped(em, deletes.map((op) => ({ op, values: {} })), results, async (batch) => {
        await em.nativeDelete(table, { [def.idField]: { $in: batch.map((r) => this.#toKey(table, r.op.id)) } });
        return batch.map((r) => ({ ref: r.op.ref, ok: true as const, id: r.op.id, modifiedOn: now }));
      });
    }
    return operations.map((op) => results.get(op.ref)!);
  }

  /** Runs a batch statement; when it fails, retries its rows one by one so that only the bad rows fail. */
  async #grouped<T extends { op: WriteOperation; values: Record<string, unknown> }>(
    em: EntityManager,
    rows: T[],
    results: Map<string, WriteResult>,
    run: (batch: T[]) => Promise<WriteResult[]>,
  ): Promise<void> {
    for (const batch of chunks(rows, UPSERT_CHUNK)) {
      let batchResults: WriteResult[] | undefined;
      try {
        batchResults = await inTransaction(em, () => run(batch));
      } catch {
        batchResults = undefined;
      }
      if (batchResults) batchResults.forEach((r) => results.set(r.ref, r));
      else for (const row of batch) results.set(row.op.ref, await this.#isolated(em, row.op.ref, async () => (await run([row]))[0]!));
    }
  }

  /** One write in its own savepoint: its failure is its own result. */
  async #isolated(em: EntityManager, ref: string, run: () => Promise<WriteResult>): Promise<WriteResult> {
    try {
      return await inTransaction(em, run);
    } catch (error) {
      return { ref, ok: false, error: driverError(error) };
    }
  }

  async #load(em: EntityManager, table: string, ids: readonly RowId[]): Promise<Row[]> {
    const def = this.definition(table);
    const rows: Row[] = [];
    for (const part of chunks(ids, ID_CHUNK)) {
      rows.push(...(await this.#select(em, table, { [def.idField]: { $in: part.map((id) => this.#toKey(table, id)) } })));
    }
    return rows;
  }

  /**
   * A read as plain rows: the query builder's SQL of the table's own columns, its results mapped to property names
   * and JS values by the driver (`mapResult`) but never made into entities — no entity factory, identity map or
   * reference wrappers on the hot path. Non-SQL drivers (no query builder) read through `em.find`.
   */
  async #select(em: EntityManager, table: string, where: FilterQuery<object>, options: { orderBy?: Record<string, 'asc'>; limit?: number; raw?: RawCondition } = {}): Promise<Row[]> {
    if (!(em instanceof SqlEntityManager)) {
      const entities = await em.find(table, where, { ...(options.orderBy ? { orderBy: options.orderBy } : {}), ...(options.limit ? { limit: options.limit } : {}), disableIdentityMap: true });
      return entities.map((entity) => this.#toRow(table, entity));
    }
    const qb = em.createQueryBuilder(table).select(this.#columns(table)).where(where as never);
    if (options.raw) qb.andWhere(options.raw.sql, options.raw.params);
    if (options.orderBy) qb.orderBy(options.orderBy as never);
    if (options.limit) qb.limit(options.limit);
    const found = (await qb.execute('all')) as Record<string, unknown>[];
    return found.map((values) => this.#toRow(table, values));
  }

  /** The properties a read selects: the table definition's fields (scalar columns and foreign keys). */
  #columns(table: string): string[] {
    let columns = this.#selected.get(table);
    if (!columns) this.#selected.set(table, (columns = Object.keys(this.definition(table).fields)));
    return columns;
  }

  #meta(table: string): EntityMetadata {
    const meta = this.orm.getMetadata().find(table);
    if (!meta) throw new TandemError(ErrorCodes.TABLE_UNKNOWN, `${this.name}: unknown table "${table}"`);
    return meta;
  }

  #isPostgres(): boolean {
    return this.orm.em.getPlatform().constructor.name.toLowerCase().includes('postgre');
  }

  /** Turns an engine id (text) back into the key type of the table. */
  #toKey(table: string, id: RowId): string | number {
    const def = this.definition(table);
    const type = def.fields[def.idField]!.type;
    return type === 'integer' || type === 'decimal' ? Number(id) : id;
  }

  /** How a read row of `table` becomes a `Row`: its fields, and which of them are references (computed once). */
  #rowPlan(table: string): RowPlan {
    let plan = this.#rowPlans.get(table);
    if (!plan) {
      const def = this.definition(table);
      const meta = this.#meta(table);
      const fields = Object.keys(def.fields).map((name) => ({ name, scalar: meta.properties[name]!.kind === ReferenceKind.SCALAR }));
      plan = { def, fields };
      this.#rowPlans.set(table, plan);
    }
    return plan;
  }

  #toRow(table: string, entity: object): Row {
    const { def, fields } = this.#rowPlan(table);
    const source = entity as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (let at = 0; at < fields.length; at++) {
      const { name, scalar } = fields[at]!;
      const value = source[name];
      if (scalar || value === null || value === undefined || typeof value !== 'object') values[name] = value ?? null;
      else values[name] = wrap(value as object, true).getPrimaryKey() ?? null;
    }
    const modifiedOn = values[def.modifiedOnField];
    const row: Row = {
      id: String(values[def.idField]),
      modifiedOn: modifiedOn instanceof Date ? modifiedOn : new Date(modifiedOn as string),
      values,
    };
    if (def.modifiedByField && values[def.modifiedByField] != null) row.modifiedBy = String(values[def.modifiedByField]);
    return row;
  }

  /** The store-neutral filter is MikroORM's own operator syntax; only `$like` needs `$ilike` on PostgreSQL. */
  #where(filter: Filter): FilterQuery<object> {
    return (this.#isPostgres() ? caseInsensitiveLike(filter) : filter) as FilterQuery<object>;
  }
}


/**
 * `em.insertMany` of plain rows (the rows are changed in place, as it changes them), without its passes over every
 * value that only matter for entities and references: a plain value goes as it is (`undefined` as null), an object
 * value through MikroORM's own conversion (`QueryHelper.processParams`). Its remaining pass only validates, and
 * never fails for data.
 */
async function insertPlainRows(em: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const value = row[key];
      if (value === undefined) row[key] = null;
      else if (typeof value === 'object' && value !== null) row[key] = QueryHelper.processParams(value);
    }
  }
  const schema = em.schema;
  await em.getDriver().nativeInsertMany(table, rows, { ctx: em.getTransactionContext(), ...(schema ? { schema } : {}) });
}

/** A table's definition and its fields in read order, each with whether it is a plain column (not a reference). */
interface RowPlan {
  def: TableDefinition;
  fields: { name: string; scalar: boolean }[];
}

/** A condition in SQL with bound values, added to a read's MikroORM filter. */
interface RawCondition {
  sql: string;
  params: unknown[];
}
