import type { Filter } from '../model/Filter';
import { ASCII } from './matchCondition';

/**
 * Match candidates as one list of lowercased values per field, when they all have the same fields and every value is
 * case-insensitive ASCII text: what `matchCondition` sends as `lower(column) IN (…)` on SQLite, in the form
 * `DirectSqlite.byLists` sends it. Undefined for any other page of candidates.
 */
export function matchLists(
  candidates: readonly Record<string, unknown>[],
  insensitive: (field: string, value: unknown) => value is string,
): Map<string, string[]> | undefined {
  const fields = Object.keys(candidates[0] ?? {});
  if (fields.length === 0) return undefined;
  const sets = new Map(fields.map((field) => [field, new Set<string>()]));
  for (const candidate of candidates) {
    let count = 0;
    for (const field in candidate) {
      const value = candidate[field];
      const set = sets.get(field);
      if (!set || !insensitive(field, value) || !ASCII.test(value)) return undefined;
      set.add(value.toLowerCase());
      count++;
    }
    if (count !== fields.length) return undefined;
  }
  return new Map([...sets].map(([field, set]) => [field, [...set]]));
}

/** A filter that is only field = literal (text, number, boolean), as those pairs; undefined for any other. */
export function filterEqualities(filter: Filter | undefined): Record<string, unknown> | undefined {
  if (!filter) return {};
  for (const field in filter) {
    const value = filter[field];
    if (field.startsWith('$') || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) return undefined;
  }
  return filter;
}
