import { ReferenceKind, wrap, type EntityMetadata, type Platform } from '@mikro-orm/core';
import type { Row } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';
import { rowOfValues } from './rowOfValues';

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
 * An object with these keys, in this order, all null, with fast properties: `Object.fromEntries` adds them along the
 * shared chain of shapes (`object[key] = …` in a loop, or a driver setting a row's columns through the V8 API, turns
 * an object of more than 16 fields into a dictionary; `JSON.parse` builds shapes of its own, which a driver's rows
 * do not find).
 */
function objectOfShape(keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, null]));
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
  /** A result row's columns, in select order. */
  readonly #columns: string[];
  readonly #parseDate: (value: unknown) => unknown;

  private constructor(
    readonly def: TableDefinition,
    fields: FieldRead[],
    platform: Platform,
  ) {
    this.#fields = fields;
    this.#template = objectOfShape(fields.map((field) => field.name));
    this.#columns = fields.map((field) => field.column);
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

  /**
   * Called before each statement whose rows this reader reads. node-sqlite3 builds a row by setting its columns one
   * by one through the V8 API: past 16 columns, a row that finds no transition ready to its next column's shape
   * becomes a dictionary (≈ 2 KiB more per ERP customer, slower to read). An object of the row's shape
   * (`objectOfShape`) makes them ready. Once is not enough: they are lost when a column's kind of value changes the
   * shape, or when the collector drops shapes no object holds. MikroORM's result mapper made them as a side effect
   * of every row it mapped (its plain-object record of the mapped columns).
   */
  prepareRows(): void {
    objectOfShape(this.#columns);
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
    return rowOfValues(def, values);
  }
}
