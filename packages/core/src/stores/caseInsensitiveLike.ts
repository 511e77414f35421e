import type { Filter } from '../model/Filter';

/**
 * The store-neutral `$like` is case-insensitive. SQLite's LIKE already is (for ASCII letters); PostgreSQL's is not,
 * so on PostgreSQL every `$like` of a filter becomes `$ilike`, at any depth of `$and` / `$or`.
 */
export function caseInsensitiveLike(filter: Filter): Filter {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object' || value instanceof Date) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key === '$like' ? '$ilike' : key, rewrite(inner)]));
  };
  return rewrite(filter) as Filter;
}
