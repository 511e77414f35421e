import { JsonType, type EntityManager, type EntityProperty } from '@mikro-orm/core';
import { chunks } from '../util/chunks';
import { PackedGuidType } from './PackedGuidType';
import { stateDriver, stateQuery } from './stateQuery';
import { stateTable } from './stateTable';

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
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const quote = (name: string) => platform.quoteIdentifier(name);
  const properties = Object.keys(rows[0]!).map((name) => {
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
  const convert = (at: number, value: unknown): unknown => {
    if (value === undefined || value === null) return null;
    const kind = kinds[at];
    if (kind === 'json') return JSON.stringify(value);
    if (value instanceof Date) return platform.processDateProperty(value);
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
  const names = properties.map((property) => property.name);
  const values = (row: Record<string, unknown>) => {
    const converted: unknown[] = new Array(names.length);
    for (let at = 0; at < names.length; at++) converted[at] = convert(at, row[names[at]!]);
    return converted;
  };
  if (via === 'json' || (via === undefined && stateDriver(em) === 'sqlite3')) {
    await insertJson(em, `insert into ${table} (${columns})`, properties, rows.map(values), conflict);
    return;
  }
  for (const part of chunks(rows.map(values), ROWS_PER_STATEMENT)) await insertValues(em, `insert into ${table} (${columns})`, part, conflict);
}

/**
 * On node-sqlite3: rows as one JSON text, bound once, inserted by `insert … select … from json_each(?)` — binding
 * ≈ 17 values per coupling one by one was the page write's main-thread cost; SQLite reads the JSON on the driver's
 * thread. A value reads back as the bound one did: text, integer, real, null; a blob (a packed GUID) travels as
 * `[hex]`. Needs SQLite 3.41 (`unhex`); node-sqlite3 5.1.7 has 3.44.
 */
async function insertJson(em: EntityManager, insert: string, properties: EntityProperty[], rows: unknown[][], conflict: string): Promise<void> {
  const select = properties.map((property, at) =>
    property.customType instanceof PackedGuidType
      ? `case when json_type(value, '$[${at}]') = 'array' then unhex(value ->> '$[${at}][0]') else value ->> ${at} end`
      : `value ->> ${at}`,
  );
  // `where true`: an upsert's `on conflict` after a select's `from` would be read as a join's (SQLite's documented
  // ambiguity).
  const sql = `${insert} select ${select.join(', ')} from json_each(?) where true${conflict}`;
  let lastBlob: Buffer | undefined;
  let lastHex: [string] | undefined;
  for (const part of chunks(rows, ROWS_PER_JSON)) {
    for (const values of part) {
      for (let at = 0; at < values.length; at++) {
        const value = values[at];
        if (!Buffer.isBuffer(value)) continue;
        if (value !== lastBlob) [lastBlob, lastHex] = [value, [value.toString('hex')]];
        values[at] = lastHex;
      }
    }
    const json = JSON.stringify(part);
    // A lone surrogate or U+0000 in a text: JSON carries it, the driver's binding does not (U+FFFD; cut): bound.
    if (JSON_ESCAPED_TEXT.test(json)) {
      const bound = part.map((values) => values.map((value) => (Array.isArray(value) ? Buffer.from(value[0] as string, 'hex') : value)));
      await insertValues(em, insert, bound, conflict);
    } else await stateQuery(em, sql, [json], 'run');
  }
}

/** A lone surrogate or U+0000 as `JSON.stringify` writes it in a string. */
const JSON_ESCAPED_TEXT = /\\u(?:d[89a-f]|0000)/;

/** One multi-row `insert … values (…), (…)` of rows of converted values, bound. */
async function insertValues(em: EntityManager, insert: string, rows: unknown[][], conflict: string): Promise<void> {
  const row = `(${new Array(rows[0]!.length).fill('?').join(', ')})`;
  // Index loops into an array of its final length: the page write binds ≈ 17 values per coupling.
  const params: unknown[] = new Array(rows.length * rows[0]!.length);
  let at = 0;
  for (const values of rows) for (const value of values) params[at++] = value;
  await stateQuery(em, `${insert} values ${rows.map(() => row).join(', ')}${conflict}`, params, 'run');
}
