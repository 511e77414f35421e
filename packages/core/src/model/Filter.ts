import { didYouMean } from '../util/closestName';
import { findField, type TableDefinition } from './TableDefinition';

/** A literal a filter can compare with. */
export type FilterValue = string | number | boolean | Date | null;

/** Conditions on one field: MikroORM `FilterQuery` operators, which every store translates for itself. */
export interface FieldOperators {
  $eq?: FilterValue;
  $ne?: FilterValue;
  $gt?: FilterValue;
  $gte?: FilterValue;
  $lt?: FilterValue;
  $lte?: FilterValue;
  $in?: FilterValue[];
  $nin?: FilterValue[];
  /** SQL LIKE pattern: `%` any run of characters, `_` one character. Case-insensitive. */
  $like?: string;
}

export type FieldCondition = FilterValue | FieldOperators;

/**
 * The one store-neutral filter: field names map to a literal (equality) or to operators; `$and` / `$or` combine
 * filters. `{ blocked: false, name: { $like: 'A%' } }` reads "not blocked and name starts with A".
 */
export interface Filter {
  $and?: Filter[];
  $or?: Filter[];
  [field: string]: FieldCondition | Filter[] | undefined;
}

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$like']);

function isOperators(condition: FieldCondition): condition is FieldOperators {
  return typeof condition === 'object' && condition !== null && !(condition instanceof Date);
}

function isFilterValue(value: unknown): value is FilterValue {
  return value === null || value instanceof Date || ['string', 'number', 'boolean'].includes(typeof value);
}

function isFilterObject(value: unknown): value is Filter {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Lists every problem of a filter against a table: unknown fields and operators, and operands that would silently
 * match nothing or throw on every read (`{ $eq: {} }`, `$in` without a list, `$and` without a list of filters).
 */
export function filterProblems(filter: Filter, table: TableDefinition, where: string): string[] {
  if (!isFilterObject(filter)) return [`${where}: a filter must be an object of field conditions, not ${JSON.stringify(filter)}`];
  const problems: string[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) problems.push(`${where}: ${key} must be a list of filters, not ${JSON.stringify(condition)}`);
      else if (key === '$or' && condition.length === 0) problems.push(`${where}: an empty $or matches nothing; leave it out or give it filters`);
      else condition.forEach((part, i) => problems.push(...filterProblems(part, table, `${where}.${key}[${i}]`)));
      continue;
    }
    if (key.startsWith('$')) {
      problems.push(`${where}: unknown filter operator "${key}"${didYouMean(key, ['$and', '$or'])}`);
      continue;
    }
    if (!findField(table, key)) problems.push(`${where}: unknown field "${key}" in table "${table.name}"${didYouMean(key, Object.keys(table.fields))}`);
    if (Array.isArray(condition)) {
      problems.push(`${where}: field "${key}" needs a value or operators, not a list (use { $in: [...] })`);
      continue;
    }
    if (isFilterValue(condition)) continue;
    if (!isOperators(condition as FieldCondition)) {
      problems.push(`${where}: field "${key}" needs a value or operators, not ${JSON.stringify(condition)}`);
      continue;
    }
    const operators = Object.entries(condition as FieldOperators).filter(([, operand]) => operand !== undefined);
    if (operators.length === 0) problems.push(`${where}: field "${key}" has no operators; give a value or e.g. { $eq: value }`);
    for (const [op, operand] of operators) {
      const at = `${where}: ${op} on field "${key}"`;
      if (!OPERATORS.has(op)) problems.push(`${where}: unknown operator "${op}" on field "${key}"${didYouMean(op, [...OPERATORS])}`);
      else if (op === '$in' || op === '$nin') {
        if (!Array.isArray(operand)) problems.push(`${at} needs a list of values, not ${JSON.stringify(operand)}`);
        else if (!operand.every(isFilterValue)) problems.push(`${at} needs a list of plain values (text, number, boolean, date or null)`);
      } else if (op === '$like') {
        if (typeof operand !== 'string') problems.push(`${at} needs a text pattern, not ${JSON.stringify(operand)}`);
      } else if (!isFilterValue(operand)) {
        problems.push(`${at} needs a plain value (text, number, boolean, date or null), not ${JSON.stringify(operand)}`);
      } else if (operand === null && op !== '$eq' && op !== '$ne') {
        problems.push(`${at} cannot compare with null; use $eq or $ne for empty values`);
      }
    }
  }
  return problems;
}

/** Every field name a filter refers to. */
export function filterFields(filter: Filter): string[] {
  const fields = new Set<string>();
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') (condition as Filter[]).forEach((part) => filterFields(part).forEach((f) => fields.add(f)));
    else fields.add(key);
  }
  return [...fields];
}

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.getTime() : value;
}

function equal(a: unknown, b: unknown): boolean {
  const x = comparable(a ?? null);
  const y = comparable(b ?? null);
  return x === y || (x !== null && y !== null && String(x) === String(y));
}

function order(a: unknown, b: unknown): number | undefined {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || x === undefined || y === null || y === undefined) return undefined;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

function conditionHolds(value: unknown, condition: FieldCondition): boolean {
  if (!isOperators(condition)) return equal(value, condition);
  for (const [op, operand] of Object.entries(condition)) {
    const cmp = order(value, operand);
    const ok = (() => {
      switch (op) {
        case '$eq': return equal(value, operand);
        case '$ne': return !equal(value, operand);
        case '$gt': return cmp !== undefined && cmp > 0;
        case '$gte': return cmp !== undefined && cmp >= 0;
        case '$lt': return cmp !== undefined && cmp < 0;
        case '$lte': return cmp !== undefined && cmp <= 0;
        case '$in': return (operand as FilterValue[]).some((v) => equal(value, v));
        case '$nin': return !(operand as FilterValue[]).some((v) => equal(value, v));
        case '$like': return value !== null && value !== undefined && likeToRegExp(operand as string).test(String(value));
        default: throw new Error(`Unknown filter operator "${op}"`);
      }
    })();
    if (!ok) return false;
  }
  return true;
}

/** Evaluates a filter against a row's values in memory (used for template selection and by in-memory stores). */
export function matchesFilter(values: Record<string, unknown>, filter: Filter | undefined): boolean {
  if (!filter) return true;
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$and') {
      if (!(condition as Filter[]).every((part) => matchesFilter(values, part))) return false;
    } else if (key === '$or') {
      if (!(condition as Filter[]).some((part) => matchesFilter(values, part))) return false;
    } else if (!conditionHolds(values[key], condition as FieldCondition)) {
      return false;
    }
  }
  return true;
}

/** Combines filters with `$and`, dropping the missing ones. */
export function andFilters(...filters: (Filter | undefined)[]): Filter | undefined {
  const present = filters.filter((f): f is Filter => !!f && Object.keys(f).length > 0);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return { $and: present };
}
