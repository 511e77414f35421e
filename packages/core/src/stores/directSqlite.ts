import { ReferenceKind, type EntityManager, type EntityMetadata, type EntityProperty, type Platform } from '@mikro-orm/core';
import { SqlEntityManager } from '@mikro-orm/knex';
import { jsonTextList } from '../state/jsonTextList';
import { stateQuery } from '../state/stateQuery';
import { placeholders } from '../util/placeholders';
import { UNBOUND, boundValue } from './boundValue';
import { insertValues, valuesClause } from './insertValues';
import { plainValue } from './plainValue';

/** A match query's lists are padded to a multiple of this many values (see `DirectSqlite.byLists`). */
const LIST_STEP = 50;

/** A table the driver path serves: its quoted name and its metadata. */
interface TablePlan {
  name: string;
  meta: EntityMetadata;
}

interface SqlTyped {
  convertToDatabaseValueSQL?(key: string, platform: Platform): string;
  convertToJSValueSQL?(key: string, platform: Platform): string;
}

/**
 * A property that is one plain column, its value converted by MikroORM alone: no SQL around its placeholder or its
 * column on this platform (JSON's `convertTo…SQL` add a cast on PostgreSQL only).
 */
function plainColumn(prop: EntityProperty | undefined, platform: Platform): prop is EntityProperty {
  if (!prop || prop.fieldNames?.length !== 1 || prop.stiFieldNames || prop.formula || prop.kind === ReferenceKind.EMBEDDED) return false;
  if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE && prop.kind !== ReferenceKind.ONE_TO_ONE) return false;
  const type = prop.customType as SqlTyped | undefined;
  if (!type) return true;
  return (type.convertToDatabaseValueSQL?.('?', platform) ?? '?') === '?' && (type.convertToJSValueSQL?.('c', platform) ?? 'c') === 'c';
}

/**
 * How many fields a plain row has, without `Object.keys`' array per row (`for … in` walks the shape's cached keys;
 * a plain row inherits none).
 */
function ownKeyCount(row: object): number {
  let count = 0;
  for (const _key in row) count++;
  return count;
}

/**
 * `MikroOrmStore`'s page statements (the multi-row insert, the read by ids) sent straight to the SQLite driver, on
 * the connection and in the transaction MikroORM uses, the way the state store sends its own (`stateQuery`: each
 * statement compiled once per connection). MikroORM built, formatted and ran each through knex: for a 500-row page,
 * that cost more than SQLite's work. Values are converted by MikroORM's own per-property conversions, then bound as
 * `BoundSqliteDriver` binds them; read rows are returned as the driver gives them, as the query builder's are
 * (`StoreTables.fromColumns` converts both). So rows are stored and read exactly as through MikroORM. Anything this does not cover (other drivers, schemas, composite or SQL-typed columns,
 * a value that is not a plain one) answers `false` / `undefined`, and the caller takes MikroORM's way.
 */
export class DirectSqlite {
  readonly #plans = new Map<string, TablePlan | null>();
  readonly #sql = new Map<string, string>();

  /**
   * `em.getDriver().nativeInsertMany` of plain rows, at the driver: each value converted as `StoreWrites`'
   * `insertPlainRows` converts it for MikroORM (`plainValue`), then as `nativeInsertMany` does, in the one pass that
   * binds it; the rows are left as they are. False when it cannot (nothing was written): the caller inserts through
   * MikroORM.
   */
  async insert(em: EntityManager, table: string, rows: readonly Record<string, unknown>[]): Promise<boolean> {
    const plan = this.#plan(em, table);
    if (!plan || rows.length === 0) return false;
    const keys = Object.keys(rows[0]!);
    const props = keys.map((key) => plan.meta.properties[key]);
    const platform = em.getPlatform();
    if (!props.every((prop) => plainColumn(prop, platform))) return false;
    const width = props.length;
    const bound: unknown[][] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      // Every row with the same fields (a row with others takes MikroORM's way, which lists the union).
      if (ownKeyCount(row) !== keys.length) return false;
      const values: unknown[] = new Array(width);
      for (let p = 0; p < width; p++) {
        const prop = props[p]!;
        let rowValue = row[prop.name];
        // A field the first row has and this one lacks: not the same fields.
        if (rowValue === undefined && !(prop.name in row)) return false;
        rowValue = plainValue(rowValue);
        // As `nativeInsertMany`: a null of a non-nullable property is its default; custom types convert.
        let value: unknown = null;
        if (!prop.nullable || rowValue !== null) {
          value = rowValue ?? prop.default;
          if (prop.customType) value = prop.customType.convertToDatabaseValue(value, platform, { key: prop.name, mode: 'query-data' });
        }
        const one = boundValue(value);
        if (one === UNBOUND) return false;
        values[p] = one;
      }
      bound[r] = values;
    }
    // A value every row has is bound once (`insertValues`).
    const { forms, params } = insertValues(bound, width);
    const sql = this.#text(`i\u0000${table}\u0000${keys.join(',')}\u0000${rows.length}\u0000${forms.join(',')}`, () => {
      const quote = (name: string) => platform.quoteIdentifier(name);
      return `insert into ${plan.name} (${(props as EntityProperty[]).map((p) => quote(p.fieldNames[0]!)).join(', ')}) values ${valuesClause(rows.length, forms)}`;
    });
    await this.#run(em, sql, params, 'run');
    return true;
  }

  /**
   * The rows with these keys, their selected properties' columns as the driver gives them (unmapped), in `em`'s
   * transaction when it has one. Undefined when it cannot: the caller reads through MikroORM.
   */
  async byIds(em: EntityManager, table: string, idField: string, fields: readonly string[], keys: readonly (string | number)[]): Promise<Record<string, unknown>[] | undefined> {
    const plan = this.#plan(em, table);
    if (!plan || keys.length === 0) return undefined;
    const id = plan.meta.properties[idField];
    const props = fields.map((name) => plan.meta.properties[name]);
    const platform = em.getPlatform();
    if (!plainColumn(id, platform) || !props.every((prop) => plainColumn(prop, platform))) return undefined;
    const params: unknown[] = [];
    for (const key of keys) {
      // As the query builder's `$in`: a custom type converts each value.
      const value = id.customType ? id.customType.convertToDatabaseValue(key, platform, { fromQuery: true, key: '$in', mode: 'query' }) : key;
      const bound = boundValue(value);
      if (bound === UNBOUND) return undefined;
      params.push(bound);
    }
    // Text keys go as one JSON parameter (see `jsonTextList`); others bound one by one.
    const list = jsonTextList(params);
    const sql = this.#text(`s\u0000${table}\u0000${idField}\u0000${fields.join(',')}\u0000${list === undefined ? keys.length : 'json'}`, () => {
      const quote = (name: string) => platform.quoteIdentifier(name);
      const columns = (props as EntityProperty[]).map((p) => quote(p.fieldNames[0]!)).join(', ');
      const among = list === undefined ? placeholders(keys.length) : 'select value from json_each(?)';
      return `select ${columns} from ${plan.name} where ${quote(id.fieldNames[0]!)} in (${among})`;
    });
    return (await this.#run(em, sql, list === undefined ? params : [list], 'all')) as Record<string, unknown>[];
  }

  /**
   * `findByValues`' statement for candidates that are all case-insensitive ASCII text of the same fields (what
   * `matchCondition` sends as `lower(column) IN (…)`): the rows whose `lower(column)` is in each field's list, whose
   * `equal` fields hold those values (the mapping's filter of plain equalities) and, with `createdBefore`, that were
   * created before it or carry no created-on; unmapped as `byIds`' rows. Each list is padded to a multiple of
   * `LIST_STEP` with its last value, so a page's statement is compiled once per size class, not per page. Undefined
   * when it cannot: the caller takes the query builder's way.
   */
  async byLists(
    em: EntityManager,
    table: string,
    fields: readonly string[],
    lists: ReadonlyMap<string, readonly string[]>,
    equal: Readonly<Record<string, unknown>>,
    createdBefore?: { field: string; before: Date },
  ): Promise<Record<string, unknown>[] | undefined> {
    const plan = this.#plan(em, table);
    if (!plan || lists.size === 0) return undefined;
    const platform = em.getPlatform();
    const props = fields.map((name) => plan.meta.properties[name]);
    if (!props.every((prop) => plainColumn(prop, platform))) return undefined;
    const column = (name: string) => {
      const prop = plan.meta.properties[name];
      return plainColumn(prop, platform) ? prop : undefined;
    };
    // As the query builder converts a condition's value: the property's custom type, then bound as it binds.
    const converted = (prop: EntityProperty, value: unknown) =>
      boundValue(prop.customType ? prop.customType.convertToDatabaseValue(value, platform, { fromQuery: true, key: prop.name, mode: 'query' }) : value);
    const params: unknown[] = [];
    const shape: string[] = [];
    for (const [name, values] of lists) {
      if (!column(name) || values.length === 0) return undefined;
      const size = Math.ceil(values.length / LIST_STEP) * LIST_STEP;
      for (let i = 0; i < size; i++) params.push(values[Math.min(i, values.length - 1)]);
      shape.push(`${name}:${size}`);
    }
    const equalNames = Object.keys(equal);
    for (const name of equalNames) {
      const prop = column(name);
      const value = prop && converted(prop, equal[name]);
      if (!prop || value === UNBOUND || value === null) return undefined;
      params.push(value);
    }
    if (createdBefore) {
      const prop = column(createdBefore.field);
      const value = prop && converted(prop, createdBefore.before);
      if (!prop || value === UNBOUND || value === null) return undefined;
      params.push(value);
    }
    const sql = this.#text(`m\u0000${table}\u0000${fields.join(',')}\u0000${shape.join(',')}\u0000${equalNames.join(',')}\u0000${createdBefore?.field ?? ''}`, () => {
      const quote = (name: string) => platform.quoteIdentifier(column(name)!.fieldNames[0]!);
      const where = [...lists].map(([name, values]) => `lower(${quote(name)}) in (${'?, '.repeat(Math.ceil(values.length / LIST_STEP) * LIST_STEP - 1)}?)`);
      for (const name of equalNames) where.push(`${quote(name)} = ?`);
      if (createdBefore) where.push(`(${quote(createdBefore.field)} < ? or ${quote(createdBefore.field)} is null)`);
      const columns = (props as EntityProperty[]).map((p) => platform.quoteIdentifier(p.fieldNames[0]!)).join(', ');
      return `select ${columns} from ${plan.name} where ${where.join(' and ')}`;
    });
    return (await this.#run(em, sql, params, 'all')) as Record<string, unknown>[];
  }

  /**
   * Runs a statement as MikroORM's connection runs its own: through the `onQuery` option, and logged by its logger
   * (the `query` debug namespace) with its time and result count.
   */
  async #run(em: EntityManager, text: string, params: unknown[], method: 'all' | 'run'): Promise<Record<string, unknown>[] | number> {
    const sql = em.config.get('onQuery')(text, params);
    const connection = em.getConnection() as unknown as { executeQuery<T>(query: string, run: () => Promise<T>, context?: object): Promise<T> };
    const run = (): Promise<Record<string, unknown>[] | number> => (method === 'all' ? stateQuery(em, sql, params, 'all') : stateQuery(em, sql, params, 'run'));
    return connection.executeQuery(sql, run, { query: sql, params, id: em.id });
  }

  /** The table's plan when `em` runs on node-sqlite3 and the table is plain (no schema, no single-table inheritance). */
  #plan(em: EntityManager, table: string): TablePlan | undefined {
    if (!(em instanceof SqlEntityManager) || em.schema !== undefined) return undefined;
    const client = ((em.getTransactionContext() as { client?: { driverName?: string } } | undefined)?.client ?? em.getConnection().getKnex().client) as { driverName?: string };
    if (client.driverName !== 'sqlite3') return undefined;
    let plan = this.#plans.get(table);
    if (plan === undefined) {
      const meta = em.getMetadata().find(table);
      const plain = meta && meta.root === meta && !meta.discriminatorColumn && !meta.schema && !em.config.get('schema');
      plan = plain ? { name: em.getPlatform().quoteIdentifier(meta.tableName), meta } : null;
      this.#plans.set(table, plan);
    }
    return plan ?? undefined;
  }

  /** A statement's text, built once per shape: the same string each time (the statement cache's key). */
  #text(shape: string, build: () => string): string {
    let sql = this.#sql.get(shape);
    if (sql === undefined) {
      sql = build();
      // Bounded like the statements kept per connection: a table's page tails vary in length.
      if (this.#sql.size >= 256) this.#sql.clear();
      this.#sql.set(shape, sql);
    }
    return sql;
  }
}
