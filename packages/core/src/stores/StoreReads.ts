import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { SqlEntityManager } from '@mikro-orm/knex';
import type { Filter } from '../model/Filter';
import type { Row, RowId } from '../model/Row';
import { chunks } from '../util/chunks';
import { createdBeforeOf } from './createdBeforeOf';
import { matchCondition } from './matchCondition';
import { filterEqualities, matchLists } from './matchLists';
import type { StoreTables } from './StoreTables';
import type { MatchQuery, ReadChangedRequest, RowPage } from './TableStore';

const ID_CHUNK = 900;
/** Match candidates per query: a page of core's default size is one statement. */
const CANDIDATE_CHUNK = 2000;
/** Margin added to a match query's `createdBefore` (see `#createdBeforeCondition`). */
const CREATED_ON_MARGIN_MS = 1000;

/** A condition in SQL with bound values, added to a read's MikroORM filter. */
interface RawCondition {
  sql: string;
  params: unknown[];
}

/** Equality of a stored value and a candidate value, as the database compared them (dates by instant). */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (actual instanceof Date || expected instanceof Date) {
    return actual != null && expected != null && new Date(actual as string).getTime() === new Date(expected as string).getTime();
  }
  if (actual == null || expected == null) return actual == null && expected == null;
  return actual === expected || String(actual) === String(expected);
}

/** `MikroOrmStore`'s reads: changed rows in keyset pages, rows by id, rows by values. All as plain rows. */
export class StoreReads {
  constructor(readonly tables: StoreTables) {}

  async readChanged(table: string, request: ReadChangedRequest): Promise<RowPage> {
    const def = this.tables.definition(table);
    const conditions: FilterQuery<object>[] = [];
    if (request.filter) conditions.push(this.tables.where(request.filter));
    const em = this.tables.orm.em.fork();
    let keyset: RawCondition | undefined;
    if (request.after) {
      const at = request.after.modifiedOn;
      const id = this.tables.toKey(table, request.after.id);
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
    const def = this.tables.definition(table);
    const meta = this.tables.meta(table);
    const stamp = meta.properties[def.modifiedOnField];
    const key = meta.properties[def.idField];
    if (!stamp || !key || stamp.fieldNames?.length !== 1 || key.fieldNames?.length !== 1 || stamp.runtimeType !== 'Date') return undefined;
    const platform = em.getPlatform();
    const columns = [stamp.fieldNames[0]!, key.fieldNames[0]!].map((c) => platform.quoteIdentifier(c)).join(', ');
    return { sql: `(${columns}) > (?, ?)`, params: [platform.processDateProperty(at), id] };
  }

  async getByIds(table: string, ids: readonly RowId[]): Promise<Row[]> {
    return this.load(this.tables.orm.em.fork(), table, ids);
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
      for (const row of (await this.#matchAtDriver(table, part, insensitive, query.filter, createdBefore)) ?? (await this.#matchSelect(table, part, insensitive, query.filter, bound))) {
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

  /** The rows a page of candidates describes (a superset), through the query builder. */
  async #matchSelect(table: string, part: Record<string, unknown>[], insensitive: (field: string, value: unknown) => value is string, filter: Filter | undefined, bound: FilterQuery<object> | undefined): Promise<Row[]> {
    const anyOf = matchCondition(part, insensitive, this.tables.meta(table), this.tables.orm.em.getPlatform());
    const conditions = [...(filter ? [this.tables.where(filter)] : []), ...(bound ? [bound] : []), anyOf];
    return this.#select(this.tables.orm.em.fork(), table, conditions.length === 1 ? anyOf : { $and: conditions });
  }

  /**
   * The same rows as `#matchSelect`, at the SQLite driver (`DirectSqlite.byLists`) for the usual page of a full sync:
   * one case-insensitive ASCII name per candidate, a filter of plain equalities. The query builder built and
   * formatted a 500-name statement per page (≈ 2 % of scenario 2's main thread). Undefined when it cannot.
   */
  async #matchAtDriver(table: string, part: Record<string, unknown>[], insensitive: (field: string, value: unknown) => value is string, filter: Filter | undefined, createdBefore: Date | undefined): Promise<Row[] | undefined> {
    const equal = filterEqualities(filter);
    const lists = equal && matchLists(part, insensitive);
    if (!equal || !lists) return undefined;
    const before = this.#createdBeforeBound(table, createdBefore);
    const em = this.tables.orm.em.fork();
    this.tables.prepareRows(table);
    const found = await this.tables.direct.byLists(em, table, this.tables.columns(table), lists, equal, before);
    return found?.map((columns) => this.tables.fromColumns(table, columns));
  }

  /**
   * Rows created before the instant, on a table that keeps its created-on (`createdOnField`). A second of margin:
   * a database that keeps whole seconds may round a stamp up (PostgreSQL's `timestamp(0)` does), and the rows may be
   * stamped by another machine's clock; a row without a stamp is kept. Erring late only returns more rows.
   */
  #createdBeforeCondition(table: string, createdBefore: Date | undefined): FilterQuery<object> | undefined {
    const bound = this.#createdBeforeBound(table, createdBefore);
    return bound && { $or: [{ [bound.field]: { $lt: bound.before } }, { [bound.field]: null }] };
  }

  /** The created-on field and the instant (margin added) that `#createdBeforeCondition` compares it with. */
  #createdBeforeBound(table: string, createdBefore: Date | undefined): { field: string; before: Date } | undefined {
    const field = this.tables.definition(table).createdOnField;
    if (!createdBefore || !field) return undefined;
    return { field, before: new Date(createdBefore.getTime() + CREATED_ON_MARGIN_MS) };
  }

  /** Rows by id, in `em`'s transaction when it has one (a write reads the rows it updates). */
  async load(em: EntityManager, table: string, ids: readonly RowId[]): Promise<Row[]> {
    const def = this.tables.definition(table);
    const rows: Row[] = [];
    for (const part of chunks(ids, ID_CHUNK)) {
      const keys = part.map((id) => this.tables.toKey(table, id));
      this.tables.prepareRows(table);
      const direct = await this.tables.direct.byIds(em, table, def.idField, this.tables.columns(table), keys);
      if (direct) for (const columns of direct) rows.push(this.tables.fromColumns(table, columns));
      else rows.push(...(await this.#select(em, table, { [def.idField]: { $in: keys } })));
    }
    return rows;
  }

  /**
   * A read as plain rows: the query builder's SQL of the table's own columns, its results left unmapped and turned
   * into rows by `StoreTables.fromColumns` (converted as MikroORM's result mapper converts them) — never entities,
   * no identity map or reference wrappers on the hot path. Non-SQL drivers (no query builder) read through `em.find`.
   */
  async #select(em: EntityManager, table: string, where: FilterQuery<object>, options: { orderBy?: Record<string, 'asc'>; limit?: number; raw?: RawCondition } = {}): Promise<Row[]> {
    if (!(em instanceof SqlEntityManager)) {
      const entities = await em.find(table, where, { ...(options.orderBy ? { orderBy: options.orderBy } : {}), ...(options.limit ? { limit: options.limit } : {}), disableIdentityMap: true });
      return entities.map((entity) => this.tables.toRow(table, entity));
    }
    const qb = em.createQueryBuilder(table).select(this.tables.columns(table)).where(where as never);
    if (options.raw) qb.andWhere(options.raw.sql, options.raw.params);
    if (options.orderBy) qb.orderBy(options.orderBy as never);
    if (options.limit) qb.limit(options.limit);
    this.tables.prepareRows(table);
    const found = (await qb.execute('all', false)) as Record<string, unknown>[];
    const rows: Row[] = new Array(found.length);
    for (let i = 0; i < found.length; i++) rows[i] = this.tables.fromColumns(table, found[i]!);
    return rows;
  }
}
