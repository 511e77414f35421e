import { decimalText, type Row } from '@tandem/core';
import { lowerCase } from '../client/lowerCase';
import { dateOnlyLiteral, dateTimeLiteral, isGuid } from '../client/odataLiteral';
import { DataverseValidationError } from '../errors/DataverseErrors';
import { DataverseMessages } from '../errors/DataverseMessages';
import type { DataverseColumn, DataverseLookupTarget, DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { jsonText, putEntry, releaseEntries, takeEntries, type BodyEntries } from './bodyEntries';
import { recordShape } from './recordShape';

/** A lookup value that names its table: needed for polymorphic lookups (Customer, Owner, regarding). */
export interface LookupValue {
  table: string;
  id: string;
}

export function isLookupValue(value: unknown): value is LookupValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LookupValue).table === 'string' &&
    typeof (value as LookupValue).id === 'string'
  );
}

/** The columns a store reads: every readable column of the table. */
export function selectColumns(table: DataverseTableDefinition): string[] {
  return Object.values(table.fields)
    .filter((column) => column.validForRead !== false)
    .map((column) => column.name);
}

/** Per table's `fields`: each logical name's first column, so `findColumn` never scans the ≈ 150 columns. */
const byLogicalName = new WeakMap<Record<string, DataverseColumn>, Map<string, DataverseColumn>>();

function logicalNameIndex(fields: Record<string, DataverseColumn>): Map<string, DataverseColumn> {
  let index = byLogicalName.get(fields);
  if (!index) {
    index = new Map();
    for (const column of Object.values(fields)) if (!index.has(column.logicalName)) index.set(column.logicalName, column);
    byLogicalName.set(fields, index);
  }
  return index;
}

/** A column by its read name (`_parentaccountid_value`, `name`) or, for lookups, its logical name (`parentaccountid`). */
export function findColumn(table: DataverseTableDefinition, name: string): DataverseColumn | undefined {
  const fields = table.fields;
  if (Object.hasOwn(fields, name)) return fields[name];
  const indexed = logicalNameIndex(fields).get(name);
  // The index is checked against the fields it was built from (a definition changed in place is scanned again).
  if (indexed && fields[indexed.name] === indexed && indexed.logicalName === name) return indexed;
  // A loop, not `find` with an arrow: an arrow that holds `name` would make every call allocate a context for it.
  for (const column of Object.values(fields)) if (column.logicalName === name) return column;
  return undefined;
}

/**
 * A Dataverse JSON row → a core `Row`: id from the primary key, `modifiedOn` from `modifiedon`, `modifiedBy` from
 * `_modifiedby_value`, `etag` from `@odata.etag`; `values` keyed by read name (lookups as their `_x_value` GUID),
 * date-times as `Date`, date-only values as `yyyy-mm-dd` text, GUIDs in lower case.
 */
export function rowFromRecord(table: DataverseTableDefinition, record: Record<string, unknown>): Row {
  // The record's own keys (the ~20 selected columns and their annotations), not every column the table defines
  // (≈ 150 on `account`): this runs for every row read. Which keys are columns is known per shape of record.
  const { names, columns, template } = recordShape(table.fields, record);
  const values: Record<string, unknown> = { ...template };
  for (let i = 0; i < names.length; i++) values[names[i]!] = valueFromWire(columns[i]!, record[names[i]!]);
  const rawId = record[table.idField];
  if (typeof rawId !== 'string') throw new DataverseValidationError(`A ${table.name} row came back without its id (${table.idField})`);
  const id = lowerCase(rawId);
  values[table.idField] = id;
  const modified = record[table.modifiedOnField];
  const modifiedOn = typeof modified === 'string' ? new Date(modified) : new Date(0);
  const modifiedBy = table.modifiedByField ? record[table.modifiedByField] : undefined;
  const etag = record['@odata.etag'];
  // Assigned in this order rather than spread: a row is made for every record read.
  const row = { id, modifiedOn } as Row;
  if (typeof modifiedBy === 'string') row.modifiedBy = lowerCase(modifiedBy);
  if (typeof etag === 'string') row.etag = etag;
  row.values = values;
  return row;
}

function valueFromWire(column: DataverseColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'datetime':
      return typeof value === 'string' ? new Date(value) : value;
    case 'uuid':
    case 'lookup':
      return typeof value === 'string' ? lowerCase(value) : value;
    default:
      return value;
  }
}

export interface RecordFromValuesOptions {
  mode: 'create' | 'update';
  /** The entity set of a table, for `@odata.bind` values. */
  entitySetOf(logicalName: string): string;
  /** The target table of a polymorphic lookup's bare GUID, when known (see `DataverseStore`). */
  targetOf?(column: DataverseColumn, id: string): string | undefined;
  /** Drop columns that are not valid for this mode instead of failing (used when a create turns into an update). */
  skipInvalid?: boolean;
}

/**
 * Core values → a Dataverse JSON body for a create or an update. Lookups are written as
 * `<navigation property>@odata.bind: "/<entity set>(<id>)"` (or `null` to clear); date-times as ISO 8601 UTC, date-only
 * values as `yyyy-mm-dd`. The primary key is left out (the caller puts it into creates). Read-only columns, and
 * columns not valid for the mode, fail with a `DataverseValidationError` unless `skipInvalid` is set; unknown names
 * fail too, except raw `…@odata.bind` / annotation keys, which pass through.
 */
export function recordFromValues(
  table: DataverseTableDefinition,
  values: Record<string, unknown>,
  options: RecordFromValuesOptions,
): Record<string, unknown> {
  const entries = takeEntries();
  try {
    collectEntries(entries, table, values, options);
    const body: Record<string, unknown> = {};
    for (let at = 0; at < entries.count; at++) body[entries.keys[at]!] = entries.values[at];
    return body;
  } finally {
    releaseEntries(entries);
  }
}

/**
 * The JSON text of `recordFromValues`' body with `last` put in last — what `JSON.stringify` gives of that object, made
 * without it: a create's body is made for every row written, and ≈ 20 properties stored by computed name leave an
 * object in V8's dictionary mode, slow to fill and slow to stringify.
 */
export function recordJsonFromValues(
  table: DataverseTableDefinition,
  values: Record<string, unknown>,
  options: RecordFromValuesOptions,
  last?: { key: string; value: unknown },
): string {
  const entries = takeEntries();
  try {
    collectEntries(entries, table, values, options);
    if (last) putEntry(entries, last.key, last.value);
    return jsonText(entries);
  } finally {
    releaseEntries(entries);
  }
}


/** The body entries of `recordFromValues` (see there), validated. */
function collectEntries(entries: BodyEntries, table: DataverseTableDefinition, values: Record<string, unknown>, options: RecordFromValuesOptions): void {
  for (const name in values) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    if (value === undefined) continue;
    if (name.includes('@')) {
      putEntry(entries, name, value);
      continue;
    }
    const column = findColumn(table, name);
    if (!column) throw new DataverseValidationError(DataverseMessages.unknownColumn(name, table.name));
    if (column.name === table.idField) continue;
    const valid = options.mode === 'create' ? column.validForCreate : column.validForUpdate;
    if (!valid) {
      if (options.skipInvalid) continue;
      throw new DataverseValidationError(
        `Column "${name}" of "${table.name}" cannot be written on ${options.mode === 'create' ? 'create' : 'update'}`,
      );
    }
    if (column.type === 'lookup') {
      const target = lookupTarget(table, column, value, options);
      putEntry(entries, bindKey(target.navigationProperty), lookupBind(target, value, options));
      continue;
    }
    putEntry(entries, column.logicalName, valueToWire(column, value));
  }
}

/** `<navigation property>@odata.bind`, made once per navigation property (a body has several lookups per row). */
const bindKeys = new Map<string, string>();

function bindKey(navigationProperty: string): string {
  let key = bindKeys.get(navigationProperty);
  if (key === undefined) bindKeys.set(navigationProperty, (key = `${navigationProperty}@odata.bind`));
  return key;
}

/** The target a lookup value binds to (the first one when it clears the lookup), its id checked. */
function lookupTarget(
  table: DataverseTableDefinition,
  column: DataverseColumn,
  value: unknown,
  options: RecordFromValuesOptions,
): DataverseLookupTarget {
  const targets = column.targets ?? [];
  if (targets.length === 0) throw new DataverseValidationError(`Lookup "${column.name}" of "${table.name}" has no target tables`);
  if (value === null || value === '') return targets[0]!;
  let id: string;
  let target: DataverseLookupTarget | undefined;
  if (isLookupValue(value)) {
    id = value.id;
    target = targetNamed(targets, value.table);
    if (!target) {
      throw new DataverseValidationError(
        `Lookup "${column.name}" of "${table.name}" cannot point at "${value.table}" (targets: ${targets.map((t) => t.table).join(', ')})`,
      );
    }
  } else if (typeof value === 'string') {
    id = value;
    const known = targets.length > 1 ? options.targetOf?.(column, lowerCase(value)) : undefined;
    target = (known && targetNamed(targets, known)) || targets[0]!;
  } else {
    throw new DataverseValidationError(`Lookup "${column.name}" of "${table.name}" needs a GUID, not ${JSON.stringify(value)}`);
  }
  if (!isGuid(id)) throw new DataverseValidationError(`Lookup "${column.name}" of "${table.name}": "${id}" is not a GUID`);
  return target;
}

/** A lookup value checked by `lookupTarget` as its `@odata.bind` value: `/<entity set>(<id>)`, or null to clear. */
function lookupBind(target: DataverseLookupTarget, value: unknown, options: RecordFromValuesOptions): string | null {
  if (value === null || value === '') return null;
  const id = isLookupValue(value) ? value.id : (value as string);
  return bindText(options.entitySetOf(target.table), lowerCase(id));
}

/** The target for table `name` (a loop, not `find`: this runs for every lookup of every row written). */
function targetNamed(targets: readonly DataverseLookupTarget[], name: string): DataverseLookupTarget | undefined {
  for (const target of targets) if (target.table === name) return target;
  return undefined;
}

/**
 * `/<entity set>(<id>)` texts made lately, by id: the rows written point at the same few owners and currencies, whose
 * text is then made once, not once per row. Bounded.
 */
const bindTexts = new Map<string, { entitySet: string; text: string }>();
const BIND_TEXTS_MAX = 10_000;

function bindText(entitySet: string, id: string): string {
  const cached = bindTexts.get(id);
  if (cached !== undefined && cached.entitySet === entitySet) return cached.text;
  const text = `/${entitySet}(${id})`;
  if (bindTexts.size >= BIND_TEXTS_MAX) bindTexts.clear();
  bindTexts.set(id, { entitySet, text });
  return text;
}

function valueToWire(column: DataverseColumn, value: unknown): unknown {
  if (value === null) return null;
  switch (column.type) {
    case 'datetime':
      if (value instanceof Date) return dateTimeLiteral(value);
      return value;
    case 'date':
      if (value instanceof Date) return dateOnlyLiteral(value);
      return value;
    case 'uuid':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'bigint':
    case 'decimal':
    case 'integer':
      return exactNumber(value);
    default:
      if (typeof value === 'bigint') return value.toString();
      return value;
  }
}

/**
 * A number for the JSON body, exactly: a decimal text (MikroORM's decimals) or a bigint becomes a JSON number when
 * that number has the same decimal value (JSON numbers are written in their shortest exact form), and otherwise stays
 * text, the IEEE754Compatible form of Edm.Decimal and Edm.Int64 values.
 */
function exactNumber(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'bigint') return value;
  const text = decimalText(value);
  if (text === undefined) return typeof value === 'bigint' ? value.toString() : value;
  const number = Number(text);
  return decimalText(number) === text ? number : text;
}

/**
 * True when a row read back holds the values a write sent (used to recognise an update that was applied by an
 * earlier attempt whose answer was lost). Text compares exactly, dates by instant, lookups by id.
 */
export function rowHoldsValues(table: DataverseTableDefinition, row: Row, values: Record<string, unknown>): boolean {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || name.includes('@')) continue;
    const column = findColumn(table, name);
    if (!column || column.name === table.idField) continue;
    const actual = row.values[column.name];
    if (!sameValue(column, value, actual)) return false;
  }
  return true;
}

function sameValue(column: DataverseColumn, expected: unknown, actual: unknown): boolean {
  const e = isLookupValue(expected) ? expected.id : expected;
  if (e === null || e === undefined || e === '') return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;
  if (column.type === 'datetime' || e instanceof Date) {
    const a = actual instanceof Date ? actual.getTime() : new Date(String(actual)).getTime();
    const b = e instanceof Date ? e.getTime() : new Date(String(e)).getTime();
    // The service keeps whole seconds.
    return Math.floor(a / 1000) === Math.floor(b / 1000);
  }
  if (column.type === 'date') {
    const b = e instanceof Date ? dateOnlyLiteral(e) : String(e).slice(0, 10);
    return String(actual).slice(0, 10) === b;
  }
  if (column.type === 'lookup' || column.type === 'uuid') return String(actual).toLowerCase() === String(e).toLowerCase();
  if (typeof e === 'number' || typeof actual === 'number') return Number(actual) === Number(e);
  return String(actual) === String(e);
}
