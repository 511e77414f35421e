import type { FieldType } from '@tandem/core';
import { DataverseFilterError } from '../errors/DataverseErrors';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** A property name (or `a/b` path) safe to put into a query: anything else is refused, so names cannot inject. */
export function odataIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new DataverseFilterError(`"${name}" is not a valid OData property name`);
  return name;
}

/** A string literal: single quotes, an embedded `'` doubled (`O'Neil` → `'O''Neil'`). */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `Edm.DateTimeOffset` literal, UTC, milliseconds only when there are some (`2024-01-31T12:00:00Z`). */
export function dateTimeLiteral(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new DataverseFilterError('Invalid date in filter');
  return date.toISOString().replace('.000Z', 'Z');
}

/** `Edm.Date` literal (`2024-01-31`), taken in UTC. */
export function dateOnlyLiteral(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new DataverseFilterError('Invalid date in filter');
  return date.toISOString().slice(0, 10);
}

/**
 * Formats a filter value as an OData literal for a field of the given type:
 * - `null` → `null`; booleans → `true`/`false`; numbers as they are (finite only);
 * - GUIDs (fields of type `uuid`/`lookup`) unquoted and lower-case — anything that is not a GUID is refused;
 * - dates unquoted ISO 8601 (`datetime`) or `yyyy-mm-dd` (`date`);
 * - text quoted with `'` doubled.
 * Without a type, the literal follows the JavaScript type (a string is always quoted).
 */
export function odataLiteral(value: unknown, type?: FieldType, field = 'value'): string {
  if (value === null || value === undefined) return 'null';
  switch (type) {
    case 'uuid':
    case 'lookup':
      if (isGuid(value)) return value.toLowerCase();
      throw new DataverseFilterError(`Field "${field}" holds GUIDs; ${JSON.stringify(String(value))} is not one`);
    case 'datetime':
      if (value instanceof Date) return dateTimeLiteral(value);
      if (typeof value === 'string' && (ISO_DATE_TIME.test(value) || DATE_ONLY.test(value))) return dateTimeLiteral(new Date(value));
      if (typeof value === 'number') return dateTimeLiteral(new Date(value));
      throw new DataverseFilterError(`Field "${field}" holds date-times; ${JSON.stringify(value)} is not one`);
    case 'date':
      if (value instanceof Date) return dateOnlyLiteral(value);
      if (typeof value === 'string' && DATE_ONLY.test(value)) return value;
      if (typeof value === 'string' && ISO_DATE_TIME.test(value)) return dateOnlyLiteral(new Date(value));
      throw new DataverseFilterError(`Field "${field}" holds dates; ${JSON.stringify(value)} is not one`);
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'option':
      if (typeof value === 'number' || typeof value === 'bigint') return numberLiteral(value, field);
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
      throw new DataverseFilterError(`Field "${field}" holds numbers; ${JSON.stringify(value)} is not one`);
    case 'boolean':
      if (typeof value === 'boolean') return String(value);
      if (value === 'true' || value === 'false') return value;
      if (value === 0 || value === 1) return value === 1 ? 'true' : 'false';
      throw new DataverseFilterError(`Field "${field}" holds yes/no values; ${JSON.stringify(value)} is not one`);
    case 'string':
    case 'text':
      if (value instanceof Date) return quoteString(dateTimeLiteral(value));
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
        return quoteString(String(value));
      }
      throw new DataverseFilterError(`Field "${field}" holds text; a ${typeof value} cannot be compared with it`);
    default:
      break;
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberLiteral(value, field);
  if (value instanceof Date) return dateTimeLiteral(value);
  if (typeof value === 'string') return quoteString(value);
  throw new DataverseFilterError(`Field "${field}": a ${typeof value} cannot be used in a filter`);
}

function numberLiteral(value: number | bigint, field: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new DataverseFilterError(`Field "${field}": ${value} cannot be used in a filter`);
  return String(value);
}
