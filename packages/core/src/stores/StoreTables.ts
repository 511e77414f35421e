import { ReferenceKind, wrap, type EntityMetadata, type FilterQuery, type MikroORM } from '@mikro-orm/core';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { Filter } from '../model/Filter';
import type { Row, RowId } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';
import { caseInsensitiveLike } from './caseInsensitiveLike';
import { ColumnRowReader } from './ColumnRowReader';
import { DirectSqlite } from './directSqlite';
import { rowOfValues } from './rowOfValues';
import { entityTableDefinition, type EntityStampFields } from './entityTableDefinition';

/** A table's definition and its fields in read order, each with whether it is a plain column (not a reference). */
interface RowPlan {
  def: TableDefinition;
  fields: { name: string; scalar: boolean }[];
}

/**
 * What `MikroOrmStore`'s reads and writes know of each entity, computed once per table: its definition, metadata, the
 * columns a read selects, how a read row becomes a `Row`, how an engine id becomes a key.
 */
export class StoreTables {
  /** The page statements at the SQLite driver, where the table and the values allow (see `DirectSqlite`). */
  readonly direct = new DirectSqlite();
  readonly #definitions = new Map<string, TableDefinition>();
  readonly #selected = new Map<string, string[]>();
  readonly #rowPlans = new Map<string, RowPlan>();
  readonly #readers = new Map<string, ColumnRowReader | null>();

  constructor(
    readonly orm: MikroORM,
    readonly storeName: string,
    readonly stamps: Record<string, EntityStampFields> = {},
  ) {}

  definition(table: string): TableDefinition {
    let definition = this.#definitions.get(table);
    if (!definition) {
      definition = entityTableDefinition(this.meta(table), this.stamps[table]);
      this.#definitions.set(table, definition);
    }
    return definition;
  }

  meta(table: string): EntityMetadata {
    const meta = this.orm.getMetadata().find(table);
    if (!meta) throw new TandemError(ErrorCodes.TABLE_UNKNOWN, `${this.storeName}: unknown table "${table}"`);
    return meta;
  }

  /** The properties a read selects: the table definition's fields (scalar columns and foreign keys). */
  columns(table: string): string[] {
    let columns = this.#selected.get(table);
    if (!columns) this.#selected.set(table, (columns = Object.keys(this.definition(table).fields)));
    return columns;
  }

  /** Turns an engine id (text) back into the key type of the table. */
  toKey(table: string, id: RowId): string | number {
    const def = this.definition(table);
    const type = def.fields[def.idField]!.type;
    return type === 'integer' || type === 'decimal' ? Number(id) : id;
  }

  /** A mapped row or an entity (property names, JS values as MikroORM maps them) as a `Row`. */
  toRow(table: string, entity: object): Row {
    const { def, fields } = this.#rowPlan(table);
    const source = entity as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const { name, scalar } of fields) {
      const value = source[name];
      if (scalar || value === null || value === undefined || typeof value !== 'object') values[name] = value ?? null;
      else values[name] = wrap(value as object, true).getPrimaryKey() ?? null;
    }
    return rowOfValues(def, values);
  }

  /**
   * A driver's result row of `table` (column names, the driver's values) as a `Row`: straight, by the table's
   * `ColumnRowReader`, or else mapped by MikroORM's result mapper first.
   */
  fromColumns(table: string, result: Record<string, unknown>): Row {
    const reader = this.#reader(table);
    if (reader) return reader.row(result);
    return this.toRow(table, this.orm.em.getDriver().mapResult(result, this.meta(table)) as object);
  }

  /** To call before a statement whose rows go to `fromColumns` (see `ColumnRowReader.prepareRows`). */
  prepareRows(table: string): void {
    this.#reader(table)?.prepareRows();
  }

  #reader(table: string): ColumnRowReader | undefined {
    let reader = this.#readers.get(table);
    if (reader === undefined) {
      reader = ColumnRowReader.of(this.definition(table), this.meta(table), this.orm.em.getPlatform()) ?? null;
      this.#readers.set(table, reader);
    }
    return reader ?? undefined;
  }

  /** The store-neutral filter is MikroORM's own operator syntax; only `$like` needs `$ilike` on PostgreSQL. */
  where(filter: Filter): FilterQuery<object> {
    return (this.#isPostgres() ? caseInsensitiveLike(filter) : filter) as FilterQuery<object>;
  }

  #isPostgres(): boolean {
    return this.orm.em.getPlatform().constructor.name.toLowerCase().includes('postgre');
  }

  /** How a read row of `table` becomes a `Row`: its fields, and which of them are references (computed once). */
  #rowPlan(table: string): RowPlan {
    let plan = this.#rowPlans.get(table);
    if (!plan) {
      const def = this.definition(table);
      const meta = this.meta(table);
      const fields = Object.keys(def.fields).map((name) => ({ name, scalar: meta.properties[name]!.kind === ReferenceKind.SCALAR }));
      plan = { def, fields };
      this.#rowPlans.set(table, plan);
    }
    return plan;
  }
}
