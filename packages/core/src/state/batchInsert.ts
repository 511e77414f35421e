import { JsonType, type EntityManager, type EntityProperty } from '@mikro-orm/core';
import { chunks } from '../util/chunks';
import { placeholders } from '../util/placeholders';
import { sameInEveryRow } from '../stores/insertValues';
import { PackedGuidType } from './PackedGuidType';
import { stateDriver, stateQuery } from './stateQuery';
import { stateTable } from './stateTable';
import { JSON_ESCAPED_TEXT } from './jsonTextList';

/** Rows per statement: well under SQLite's (32 766) and PostgreSQL's (65 535) bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;
/** Rows per statement as one JSON parameter (node-sqlite3): no parameter limit; a page's rows in one or two. */
const ROWS_PER_JSON = 1000;

/**
 * What to do when a row meets an existing one on `target` (a unique key): overwrite the `update` properties, add the
 * new row's `add` properties to the existing ones (counters).
 */
export interface OnConflict {
  target: readonly string[];
  update: readonly string[];
  add?: readonly string[];
}

/**
 * Writes rows of one of Tandem's state entities in multi-row statements, optionally `ON CONFLICT (…) DO UPDATE`
 * (SQLite and PostgreSQL both speak it): on node-sqlite3 the rows as one JSON parameter (`insertJson`), elsewhere
 * `INSERT … VALUES (…), (…)` per 500 rows, bound. The page write's hot path: MikroORM's `insertMany` / `upsertMany`
 * validate, clone and rename every row and built ≈ 15 % of a full sync's CPU. Values are converted the way MikroORM
 * stores them (dates through the platform, JSON as its text), so reads through MikroORM see exactly what they saw
 * before. Runs in `em`'s transaction. `via` chooses the form (tests compare them).
 */
export async function batchInsert(
  em: EntityManager,
  entity: string,
  rows: readonly Record<string, unknown>[],
  onConflict?: OnConflict,
  via?: 'values' | 'json',
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(rows[0]!);
  const values: unknown[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const own: unknown[] = new Array(names.length);
    for (let at = 0; at < names.length; at++) own[at] = row[names[at]!];
    values[r] = own;
  }
  await batchInsertRows(em, entity, names, values, onConflict, via);
}

/**
 * `batchInsert` of rows given as arrays of the `names` properties' values, in that order — what the page write
 * builds, without an object per row read back by name. The arrays are the caller's to give away: each value is
 * converted in place.
 */
export async function batchInsertRows(
  em: EntityManager,
  entity: string,
  names: readonly string[],
  rows: unknown[][],
  onConflict?: OnConflict,
  via?: 'values' | 'json',
): Promise<void> {
  if (rows.length === 0) return;
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const quote = (name: string) => platform.quoteIdentifier(name);
  const properties = names.map((name) => {
    const property = meta.properties[name] as EntityProperty | undefined;
    if (!property) throw new Error(`${entity} has no property '${name}'`);
    return property;
  });
  const column = (property: EntityProperty) => quote(property.fieldNames[0]!);
  // How each property's values are converted, decided once (≈ 17 values per coupling).
  // After discovery a JSON property's type is `JsonType`; an array left to the driver would be spread into a list.
  const kinds = properties.map((property) =>
    property.type === 'json' || property.customType instanceof JsonType ? 'json' : property.customType instanceof PackedGuidType ? 'guid' : 'value',
  );
  // The rows of a page share their stamps (the page's now, a write's modified-on): each date object converted once.
  let lastDate: Date | undefined;
  let lastDateValue: unknown;
  const convert = (at: number, value: unknown): unknown => {
    if (value === undefined || value === null) return null;
    const kind = kinds[at];
    if (kind === 'json') return JSON.stringify(value);
    if (value instanceof Date) {
      if (value !== lastDate) {
        lastDate = value;
        lastDateValue = platform.processDateProperty(value);
      }
      return lastDateValue;
    }
    if (kind === 'guid') return packed(properties[at]!.customType as PackedGuidType, value as string);
    return value;
  };
  // The rows of a page share their job id: packed once (the driver copies a blob's bytes when it binds them).
  let lastGuid: string | undefined;
  let lastPacked: unknown;
  const packed = (type: PackedGuidType, value: string) => {
    if (value !== lastGuid) [lastGuid, lastPacked] = [value, type.convertToDatabaseValue(value, platform)];
    return lastPacked;
  };
  const columns = properties.map(column).join(', ');
  const table = stateTable(em, entity);
  let conflict = '';
  if (onConflict) {
    const byName = (name: string) => column(meta.properties[name] as EntityProperty);
    const set = [
      ...onConflict.update.map((name) => `${byName(name)} = excluded.${byName(name)}`),
      ...(onConflict.add ?? []).map((name) => `${byName(name)} = ${quote(meta.tableName)}.${byName(name)} + excluded.${byName(name)}`),
    ].join(', ');
    conflict = ` on conflict (${onConflict.target.map(byName).join(', ')}) do update set ${set}`;
  }
  for (const row of rows) for (let at = 0; at < names.length; at++) row[at] = convert(at, row[at]);
  if (via === 'json' || (via === undefined && stateDriver(em) === 'sqlite3')) {
    await insertJson(em, `insert into ${table} (${columns})`, properties, rows, conflict);
    return;
  }
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) await insertValues(em, `insert into ${table} (${columns})`, part, conflict);
}

/**
 * On node-sqlite3: rows as one JSON text, bound once, inserted by `insert … select … from json_each(?)` — binding
 * ≈ 17 values per coupling one by one was the page write's main-thread cost; SQLite reads the JSON on the driver's
 * thread. A value reads back as the bound one did: text, integer, real, null; a blob (a packed GUID) travels as
 * `[hex]`. Needs SQLite 3.41 (`unhex`); node-sqlite3 5.1.7 has 3.44.
 *
 * A column whose value every row of the statement has (`sharedColumns`: the mapping, the job id, the stamps of a new
 * page, results, counters) is bound once as its own parameter, an all-null one written `NULL`: only the columns that
 * differ go into the JSON. SQLite renders each row's array back to text for `->>` and parses it again, so a page of
 * new couplings (5 of 17 columns differ) cost SQLite's thread about a third less, and the main thread less JSON.
 */
async function insertJson(em: EntityManager, insert: string, properties: EntityProperty[], rows: unknown[][], conflict: string): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_JSON)) {
    const forms = sharedColumns(part, properties.length);
    const params: unknown[] = [];
    const select: string[] = [];
    let own = 0;
    for (let at = 0; at < properties.length; at++) {
      const form = forms[at]!;
      if (form === 'null') select.push('null');
      else if (form !== 'row') {
        params.push(part[0]![at]);
        // A whole number past 32 bits binds as a real; the cast stores it as the JSON's integer would be.
        select.push(form === 'integer' ? `cast(?${params.length} as integer)` : `?${params.length}`);
      } else {
        select.push(properties[at]!.customType instanceof PackedGuidType
          ? `case when json_type(value, '$[${own}]') = 'array' then unhex(value ->> '$[${own}][0]') else value ->> ${own} end`
          : `value ->> ${own}`);
        own++;
      }
    }
    const json = JSON.stringify(part.map((values) => rowValues(values, forms)));
    // A lone surrogate or U+0000 in a row's text: JSON carries it, the driver's binding does not (U+FFFD; cut): bound
    // (a shared text is bound anyway).
    if (JSON_ESCAPED_TEXT.test(json)) {
      await insertValues(em, insert, part, conflict);
      continue;
    }
    // `where true`: an upsert's `on conflict` after a select's `from` would be read as a join's (SQLite's documented
    // ambiguity).
    const sql = `${insert} select ${select.join(', ')} from json_each(?${params.length + 1}) where true${conflict}`;
    await stateQuery(em, sql, [...params, json], 'run');
  }
}

/** How `insertJson` writes a column: in each row's JSON, as one bound parameter (`integer`: cast), or `NULL`. */
type JsonColumnForm = 'row' | 'shared' | 'integer' | 'null';

/**
 * Which columns every row has the same value in (`===`), and how to bind it so that it is stored as the JSON would
 * store it: a text, a boolean (an integer either way), a blob, a safe whole number (cast). Other numbers stay in the
 * rows.
 */
function sharedColumns(rows: readonly unknown[][], width: number): JsonColumnForm[] {
  const first = rows[0]!;
  const forms: JsonColumnForm[] = new Array(width);
  for (let at = 0; at < width; at++) {
    const value = first[at];
    if (!sameInEveryRow(rows, at)) forms[at] = 'row';
    else if (value === null) forms[at] = 'null';
    else if (typeof value === 'string' || typeof value === 'boolean' || Buffer.isBuffer(value)) forms[at] = 'shared';
    else if (Number.isSafeInteger(value)) forms[at] = 'integer';
    else forms[at] = 'row';
  }
  return forms;
}

/** A row's values of the `row` columns, a blob as `[hex]`. */
function rowValues(values: readonly unknown[], forms: readonly JsonColumnForm[]): unknown[] {
  const own: unknown[] = [];
  for (let at = 0; at < values.length; at++) {
    if (forms[at] !== 'row') continue;
    const value = values[at];
    own.push(Buffer.isBuffer(value) ? [value.toString('hex')] : value);
  }
  return own;
}

/** One multi-row `insert … values (…), (…)` of rows of converted values, bound. */
async function insertValues(em: EntityManager, insert: string, rows: unknown[][], conflict: string): Promise<void> {
  const row = `(${placeholders(rows[0]!.length)})`;
  // Index loops into an array of its final length: the page write binds ≈ 17 values per coupling.
  const params: unknown[] = new Array(rows.length * rows[0]!.length);
  let at = 0;
  for (const values of rows) for (const value of values) params[at++] = value;
  await stateQuery(em, `${insert} values ${rows.map(() => row).join(', ')}${conflict}`, params, 'run');
}
