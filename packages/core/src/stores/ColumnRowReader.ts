import { ReferenceKind, wrap, type EntityMetadata, type Platform } from '@mikro-orm/core';
import type { Row } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';

/** How a column's value becomes its field's: as it is, `!!`, or a date (see `dateParser`). */
type Conversion = 'raw' | 'boolean' | 'date';

interface FieldRead {
  name: string;
  /** The key of the field's value in a driver's result row. */
  column: string;
  conversion: Conversion;
  /** A reference (many-to-one, one-to-one): an object value stands for its primary key. */
  reference: boolean;
}

/**
 * A date-time column's value as MikroORM's compiled result mapper (`EntityComparator.getResultMapper`) converts it:
 * a `Date` or null stays, a bigint is epoch milliseconds, anything else goes to the platform's `parseDate` — with the
 * configured time zone appended to a text that names none.
 */
function dateParser(platform: Platform): (value: unknown) => unknown {
  const tz = platform.getTimezone();
  const local = !tz || tz === 'local';
  return (value) => {
    if (value == null || value instanceof Date) return value;
    if (typeof value === 'bigint') return platform.parseDate(Number(value));
    if (local || typeof value === 'number') return platform.parseDate(value as string);
    const text = value as string;
    return platform.parseDate(text.includes('+') || text.lastIndexOf('-') > 10 || text.endsWith('Z') ? text : text + tz);
  };
}

/**
 * An object with these keys, in this order, all null, with fast properties: `JSON.parse` creates its shape's
 * transitions as named ones, where keyed stores (`object[key] = …`, or a driver setting a row's columns through the
 * V8 API) make an object of more than 12 + 4 fields a dictionary — slower to fill and read, and ≈ 1 KiB larger.
 */
function objectOfShape(keys: readonly string[]): Record<string, unknown> {
  const object: Record<string, null> = {};
  for (const key of keys) object[key] = null;
  return JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
}

/**
 * Turns a driver's result row (column names, the driver's values) straight into a `Row`, converting each value as
 * MikroORM's result mapper does (`driver.mapResult`: booleans, date-times; every other value as the driver gave it)
 * and as `StoreTables.toRow` then takes it (undefined is null, a reference object its key). The mapper built an
 * object per row (two, with its record of mapped columns) that `toRow` then copied into a third; here each row's
 * values are one copy of a template that has every field already, filled in place (no growing, no shape changes).
 */
export class ColumnRowReader {
  readonly #fields: FieldRead[];
  readonly #template: Record<string, unknown>;
  /**
   * An object of the shape of a result row (its columns in select order). node-sqlite3 builds each row by setting
   * its columns one by one: past 16 columns, without an existing transition for the next column, the row turns into
   * a dictionary (≈ 2 KiB more per row of ERP customers). MikroORM's result mapper created those transitions as a
   * side effect (its record of the mapped columns, a plain object given them by name); this object creates them and
   * keeps them (the garbage collector drops the transitions to shapes no object holds).
   */
  readonly #resultShape: Record<string, unknown>;
  readonly #parseDate: (value: unknown) => unknown;

  private constructor(
    readonly def: TableDefinition,
    fields: FieldRead[],
    platform: Platform,
  ) {
    this.#fields = fields;
    this.#template = objectOfShape(fields.map((field) => field.name));
    this.#resultShape = objectOfShape(fields.map((field) => field.column));
    this.#parseDate = dateParser(platform);
  }

  /**
   * The reader of a table's fields, when each is one column the mapper converts on its own; undefined otherwise
   * (inheritance, embedded, composite or formula fields): the caller keeps `mapResult`.
   */
  static of(def: TableDefinition, meta: EntityMetadata, platform: Platform): ColumnRowReader | undefined {
    if (meta.polymorphs?.length || meta.discriminatorColumn) return undefined;
    const fields: FieldRead[] = [];
    for (const name of Object.keys(def.fields)) {
      const prop = meta.properties[name];
      if (!prop || prop.fieldNames?.length !== 1 || prop.embedded || prop.kind === ReferenceKind.EMBEDDED || prop.formula) return undefined;
      // The same tests, in the same order, as the compiled mapper's.
      const conversion: Conversion =
        prop.runtimeType === 'boolean' ? 'boolean' : prop.runtimeType === 'Date' && !platform.isNumericProperty(prop) ? 'date' : 'raw';
      fields.push({ name, column: prop.fieldNames[0]!, conversion, reference: prop.kind !== ReferenceKind.SCALAR });
    }
    return new ColumnRowReader(def, fields, platform);
  }

  row(result: Record<string, unknown>): Row {
    const def = this.def;
    const values = { ...this.#template };
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      let value = result[field.column];
      if (value === undefined || value === null) continue;
      if (field.conversion === 'boolean') value = !!value;
      else if (field.conversion === 'date') value = this.#parseDate(value);
      if (field.reference && typeof value === 'object') value = wrap(value as object, true).getPrimaryKey() ?? null;
      values[field.name] = value;
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
}
