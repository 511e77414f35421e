import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { MatchQuery } from './TableStore';

/**
 * The `createdBefore` of a match query, checked: `undefined` when there is none, the `Date` when it holds a time.
 * Anything else (a string, a number, an invalid date) is the caller's mistake and fails with
 * `TANDEM_MATCH_QUERY_INVALID` instead of being ignored: a bound silently dropped would hide the bug, and one
 * misread could leave out rows.
 */
export function createdBeforeOf(query: MatchQuery): Date | undefined {
  const value: unknown = query.createdBefore;
  if (value === undefined) return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const shown = value instanceof Date ? 'an invalid Date' : typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value);
  throw new TandemError(ErrorCodes.MATCH_QUERY_INVALID, `createdBefore of a match query must be a valid Date; got ${shown}`);
}
