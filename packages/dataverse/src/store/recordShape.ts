import type { DataverseColumn } from '../tables/DataverseTableDefinition';

/**
 * How records with one list of keys become a row's values: which of the keys are columns (read names), and a
 * template object with those keys in that order. The records of a response all have the same keys.
 */
export interface RecordShape {
  keys: string[];
  names: string[];
  columns: DataverseColumn[];
  /** Keys that are no column (`@odata.etag`, annotations). */
  others: string[];
  /**
   * The values' keys, all null. A clone of it (`{ ...template }`) is an object with fast properties whose values are
   * then set in place: adding ≈ 20 properties by computed name one at a time left the object in V8's dictionary mode
   * (≈ 1.9 KB a row, which had to be copied again into a fast one).
   */
  template: Record<string, null>;
}

/** The last shape per table's `fields`. */
const shapes = new WeakMap<Record<string, DataverseColumn>, RecordShape>();

/** The shape of `record` on a table with these `fields`: the last one, while it still fits. */
export function recordShape(fields: Record<string, DataverseColumn>, record: Record<string, unknown>): RecordShape {
  const keys = Object.keys(record);
  const last = shapes.get(fields);
  if (last && fits(last, fields, keys)) return last;
  const shape: RecordShape = { keys, names: [], columns: [], others: [], template: {} };
  const template: Record<string, null> = {};
  for (const name of keys) {
    const column = Object.hasOwn(fields, name) ? fields[name]! : undefined;
    if (!column || column.name !== name) {
      shape.others.push(name);
      continue;
    }
    shape.names.push(name);
    shape.columns.push(column);
    template[name] = null;
  }
  // A spread's copy has fast properties (the object it copies is in dictionary mode past a dozen keys).
  shape.template = { ...template };
  shapes.set(fields, shape);
  return shape;
}

/** Whether `shape` is that of a record with `keys` on `fields` as they are now (a definition may change in place). */
function fits(shape: RecordShape, fields: Record<string, DataverseColumn>, keys: string[]): boolean {
  if (keys.length !== shape.keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== shape.keys[i]) return false;
  const { names, columns, others } = shape;
  for (let i = 0; i < names.length; i++) if (fields[names[i]!] !== columns[i] || columns[i]!.name !== names[i]) return false;
  for (let i = 0; i < others.length; i++) if (Object.hasOwn(fields, others[i]!) && fields[others[i]!]!.name === others[i]) return false;
  return true;
}
