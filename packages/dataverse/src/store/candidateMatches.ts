import type { Row } from '@tandem/core';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { findColumn, isLookupValue } from './rowMapping';

/** Whether a row read by `findByValues` holds one candidate's values, compared the way the service compares them. */
export function candidateMatches(table: DataverseTableDefinition, row: Row, candidate: Record<string, unknown>, caseSensitive: Set<string>): boolean {
  return Object.entries(candidate).every(([field, expected]) => {
    const column = findColumn(table, field);
    const actual = column ? row.values[column.name] : undefined;
    const want = isLookupValue(expected) ? expected.id : expected;
    if (want === null || want === undefined) return actual === null || actual === undefined;
    if (actual === null || actual === undefined) return false;
    if (actual instanceof Date || want instanceof Date) {
      return new Date(actual as string | Date).getTime() === new Date(want as string | Date).getTime();
    }
    if (typeof want === 'string' && typeof actual === 'string') {
      if (caseSensitive.has(field) || (column && caseSensitive.has(column.name))) return actual === want;
      // Like the service: case-insensitive, trailing blanks ignored (SQL comparison).
      return actual.trimEnd().toLowerCase() === want.trimEnd().toLowerCase();
    }
    return String(actual) === String(want);
  });
}
