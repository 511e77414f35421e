import type { FieldOperators, FieldType, Filter, FilterValue } from '@tandem/core';
import { DataverseFilterError } from '../errors/DataverseErrors';
import { odataIdentifier, odataLiteral, quoteString } from './odataLiteral';

/** How a filter's field name is written in OData, and its type (which decides the literal form). */
export interface ODataField {
  /** The property name on the wire (`name`, `_parentaccountid_value`). */
  name: string;
  type?: FieldType;
}

/**
 * Resolves a field name of the store-neutral filter. Return undefined for an unknown field (the translation then
 * fails with a clear error). Without a resolver every name is used as it is and literals follow the JavaScript type.
 */
export type ODataFieldResolver = (field: string) => ODataField | undefined;

const COMPARISONS: Record<string, string> = { $eq: 'eq', $ne: 'ne', $gt: 'gt', $gte: 'ge', $lt: 'lt', $lte: 'le' };

/**
 * Translates the store-neutral filter (MikroORM operators) into an OData `$filter` expression (not URL-encoded).
 * Returns `''` for an empty filter.
 *
 * - `{ f: v }` / `$eq` / `$ne` / `$gt` / `$gte` / `$lt` / `$lte` → `f eq v`, … with escaped literals (see `odataLiteral`);
 * - `$in` → `(f eq a or f eq b)`, `$nin` → `(f ne a and f ne b)`; an empty `$in` matches nothing, an empty `$nin` everything;
 * - `$like` (SQL `%`/`_` pattern, case-insensitive like Dataverse): `abc` → `f eq 'abc'`, `abc%` → `startswith`,
 *   `%abc` → `endswith`, `%abc%` → `contains`, `%` → `f ne null`. A `%` anywhere else, `_` in an exact pattern, or a
 *   `[` (a character class for Dataverse) cannot be expressed and throw a `DataverseFilterError`;
 * - `$and` / `$or` → parenthesised `and` / `or`.
 */
export function filterToOData(filter: Filter | undefined, resolve?: ODataFieldResolver): string {
  if (!filter) return '';
  return conjunction(filter, resolve ?? ((name) => ({ name }))).join(' and ');
}

/** A member of `$and` / `$or`: several conditions are parenthesised so the expression reads as written. */
function member(filter: Filter, resolve: ODataFieldResolver): string {
  const parts = conjunction(filter, resolve);
  return parts.length > 1 ? `(${parts.join(' and ')})` : (parts[0] ?? '');
}

function conjunction(filter: Filter, resolve: ODataFieldResolver): string[] {
  const parts: string[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) throw new DataverseFilterError(`${key} must be a list of filters`);
      const members = condition.map((part) => member(part, resolve)).filter((p) => p !== '');
      if (key === '$and') {
        if (members.length > 0) parts.push(members.length === 1 ? members[0]! : `(${members.join(' and ')})`);
      } else {
        if (condition.length === 0) throw new DataverseFilterError('An empty $or matches nothing and cannot be sent');
        // An `$or` member that is empty (no condition) is always true, so the whole `$or` is.
        if (members.length === condition.length) parts.push(members.length === 1 ? members[0]! : `(${members.join(' or ')})`);
      }
      continue;
    }
    if (key.startsWith('$')) throw new DataverseFilterError(`Unknown filter operator "${key}"`);
    const field = resolve(key);
    if (!field) throw new DataverseFilterError(`Unknown field "${key}" in filter`);
    const name = odataIdentifier(field.name);
    if (Array.isArray(condition)) throw new DataverseFilterError(`Field "${key}" needs a value or operators, not a list`);
    if (isOperators(condition)) {
      for (const [op, operand] of Object.entries(condition)) {
        if (operand === undefined) continue;
        parts.push(operatorExpression(name, field.type, op, operand, key));
      }
    } else {
      parts.push(`${name} eq ${odataLiteral(condition, field.type, key)}`);
    }
  }
  return parts;
}

function isOperators(condition: unknown): condition is FieldOperators {
  return typeof condition === 'object' && condition !== null && !(condition instanceof Date);
}

function operatorExpression(name: string, type: FieldType | undefined, op: string, operand: unknown, key: string): string {
  const comparison = COMPARISONS[op];
  if (comparison) return `${name} ${comparison} ${odataLiteral(operand, type, key)}`;
  if (op === '$in' || op === '$nin') {
    if (!Array.isArray(operand)) throw new DataverseFilterError(`${op} on field "${key}" needs a list`);
    const values = operand as FilterValue[];
    if (values.length === 0) return op === '$in' ? `(${name} eq null and ${name} ne null)` : `(${name} eq null or ${name} ne null)`;
    const each = values.map((v) => `${name} ${op === '$in' ? 'eq' : 'ne'} ${odataLiteral(v, type, key)}`);
    return each.length === 1 ? each[0]! : `(${each.join(op === '$in' ? ' or ' : ' and ')})`;
  }
  if (op === '$like') {
    if (typeof operand !== 'string') throw new DataverseFilterError(`$like on field "${key}" needs a text pattern`);
    return likeExpression(name, operand, key);
  }
  throw new DataverseFilterError(`Unknown operator "${op}" on field "${key}"`);
}

function likeExpression(name: string, pattern: string, key: string): string {
  if (/^%+$/.test(pattern)) return `${name} ne null`;
  const leading = pattern.startsWith('%');
  const trailing = pattern.endsWith('%');
  const core = pattern.replace(/^%+/, '').replace(/%+$/, '');
  const unsupported = (why: string) =>
    new DataverseFilterError(`$like pattern ${JSON.stringify(pattern)} on field "${key}" cannot be expressed in OData: ${why}`);
  if (core.includes('%')) throw unsupported('"%" is only supported at the start and/or the end');
  if (!leading && !trailing) {
    if (core.includes('_')) throw unsupported('"_" needs a "%" at the start or the end');
    return `${name} eq ${quoteString(core)}`;
  }
  // Dataverse evaluates string functions with SQL LIKE, so `_` keeps its one-character meaning; `[` would start a
  // character class, which the store-neutral pattern does not have.
  if (core.includes('[')) throw unsupported('"[" would be read as a character class by Dataverse');
  const fn = leading && trailing ? 'contains' : leading ? 'endswith' : 'startswith';
  return `${fn}(${name},${quoteString(core)})`;
}
