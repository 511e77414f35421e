import { raw, type EntityMetadata, type FilterQuery, type Platform } from '@mikro-orm/core';
import { chunks } from '../util/chunks';

/** Text that SQLite's `lower()` and `LIKE` fold exactly as JavaScript does: ASCII only. */
export const ASCII = /^[\x00-\x7F]*$/u;

/**
 * The SQL condition that finds a superset of the rows a match query's candidates describe; `findByValues` then keeps
 * the exact matches. Case-insensitive text is found with (I)LIKE per candidate, `%` and `_` in the value being
 * wildcards (a superset), and on SQLite, whose LIKE folds only ASCII letters, other characters become `_`.
 *
 * On SQLite, candidates whose fields are all case-insensitive ASCII text are instead sent as one
 * `lower(column) IN (…)` per field and group of candidates with the same fields: a page of 500 names is one seek per
 * name on an index of `lower(column)` (the ERP's customer name has one), or one pass over the table without it,
 * where 500 LIKE alternatives cost 500 comparisons per row — quadratic over a full sync. `lower()` folds exactly the
 * ASCII letters LIKE folds, so the rows found are the same; a group of several fields finds a superset (any
 * combination of the group's values), which the exact check removes.
 */
export function matchCondition(
  candidates: readonly Record<string, unknown>[],
  insensitive: (field: string, value: unknown) => value is string,
  meta: EntityMetadata,
  platform: Platform,
): FilterQuery<object> {
  const postgres = platform.constructor.name.toLowerCase().includes('postgre');
  const sqlite = platform.constructor.name.toLowerCase().includes('sqlite');
  const groups = new Map<string, Map<string, Set<string>>>();
  const conditions: FilterQuery<object>[] = [];
  for (const candidate of candidates) {
    const fields = Object.keys(candidate).sort();
    const listable = sqlite && fields.every((field) => insensitive(field, candidate[field]) && ASCII.test(candidate[field] as string) && columnOf(meta, field));
    if (listable) {
      const key = fields.join('\u0000');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = new Map(fields.map((field) => [field, new Set<string>()]))));
      for (const field of fields) group.get(field)!.add((candidate[field] as string).toLowerCase());
      continue;
    }
    const condition: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(candidate)) {
      condition[field] = insensitive(field, value)
        ? postgres ? { $ilike: value } : { $like: value.replace(/[^\x00-\x7F]/gu, '_') }
        : (value ?? null);
    }
    conditions.push(condition);
  }
  for (const group of groups.values()) {
    const condition: Record<string, unknown> = {};
    for (const [field, values] of group) condition[raw(`lower(${platform.quoteIdentifier(columnOf(meta, field)!)})`) as unknown as string] = { $in: [...values] };
    conditions.push(condition);
  }
  return conditions.length === 1 ? conditions[0]! : balancedOr(conditions);
}

/** ORs per level of the balanced tree of match candidates (SQLite allows an expression tree 1 000 deep). */
const OR_FAN_OUT = 64;

/**
 * `{ $or: conditions }` as a tree of depth ≈ log(n) instead of n: SQLite nests a flat `a or b or …` one level per
 * candidate and refuses a tree deeper than 1 000.
 */
function balancedOr(conditions: FilterQuery<object>[]): FilterQuery<object> {
  if (conditions.length <= OR_FAN_OUT) return { $or: conditions } as FilterQuery<object>;
  const size = Math.ceil(conditions.length / OR_FAN_OUT);
  return { $or: chunks(conditions, size).map(balancedOr) } as FilterQuery<object>;
}

/** The one column of a scalar property, or undefined (then the candidate keeps the LIKE form). */
function columnOf(meta: EntityMetadata, field: string): string | undefined {
  const names = meta.properties[field]?.fieldNames;
  return names?.length === 1 ? names[0] : undefined;
}
