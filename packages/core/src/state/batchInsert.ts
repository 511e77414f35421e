import { JsonType, type EntityManager, type EntityProperty } from '@mikro-orm/core';
import { chunks } from '../util/chunks';
import { PackedGuidType } from './PackedGuidType';
import { stateQuery } from './stateQuery';
import { stateTable } from './stateTable';

/** Rows per statement: well under SQLite's (32 766) and PostgreSQL's (65 535) bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

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
 * Writes rows of one of Tandem's state entities with one multi-row `INSERT … VALUES (…), (…)` per 500 rows, bound
 * parameters, optionally `ON CONFLICT (…) DO UPDATE` (SQLite and PostgreSQL both speak it). The page write's hot
 * path: MikroORM's `insertMany` / `upsertMany` validate, clone and rename every row and built ≈ 15 % of a full sync's
 * CPU. Values are converted the way MikroORM stores them (dates through the platform, JSON as its text), so reads
 * through MikroORM see exactly what they saw before. Runs in `em`'s transaction.
 */
export async function batchInsert(
  em: EntityManager,
  entity: string,
  rows: readonly Record<string, unknown>[],
  onConflict?: OnConflict,
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
  const convert = (property: EntityProperty, value: unknown): unknown => {
    if (value === undefined || value === null) return null;
    // After discovery a JSON property's type is `JsonType`; an array left to the driver would be spread into a list.
    if (property.type === 'json' || property.customType instanceof JsonType) return JSON.stringify(value);
    if (value instanceof Date) return platform.processDateProperty(value);
    if (property.customType instanceof PackedGuidType) return property.customType.convertToDatabaseValue(value as string, platform);
    return value;
  };
  const columns = properties.map(column).join(', ');
  const rowPlaceholders = `(${properties.map(() => '?').join(', ')})`;
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
  for (const part of chunks([...rows], ROWS_PER_STATEMENT)) {
    // Index loops into an array of its final length: the page write binds ≈ 15 values per coupling.
    const params: unknown[] = new Array(part.length * properties.length);
    let at = 0;
    for (let r = 0; r < part.length; r++) {
      const row = part[r]!;
      for (let p = 0; p < properties.length; p++) params[at++] = convert(properties[p]!, row[properties[p]!.name]);
    }
    const sql = `insert into ${table} (${columns}) values ${part.map(() => rowPlaceholders).join(', ')}${conflict}`;
    await stateQuery(em, sql, params, 'run');
  }
}
