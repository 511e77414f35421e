import { ServiceError } from '../errors/ServiceError';
import type { CompareOperator, FilterNode, ValueNode } from './FilterAst';

/**
 * Evaluates a `$filter` tree against an in-memory JSON object (metadata queries: `AttributeType eq
 * Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'`, `RequiredLevel/Value eq …`, `IsValidForRead eq true`).
 * `checkProperty` rejects unknown top-level property names.
 */
export function evaluateFilter(node: FilterNode, item: Record<string, unknown>, checkProperty: (name: string) => void): boolean {
  const value = (operand: ValueNode): unknown => {
    if (operand.kind === 'literal') return operand.value;
    checkProperty(operand.path[0]!);
    let current: unknown = item;
    for (const part of operand.path) {
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
    }
    return current ?? null;
  };
  switch (node.kind) {
    case 'and':
      return node.operands.every((operand) => evaluateFilter(operand, item, checkProperty));
    case 'or':
      return node.operands.some((operand) => evaluateFilter(operand, item, checkProperty));
    case 'not':
      return !evaluateFilter(node.operand, item, checkProperty);
    case 'compare':
      return compare(node.op, normalize(value(node.left)), normalize(value(node.right)));
    case 'in': {
      const left = normalize(value(node.left));
      return node.values.some((candidate) => compare('eq', left, normalize(value(candidate))));
    }
    case 'stringFunction': {
      const target = value(node.target);
      const argument = value(node.argument);
      if (typeof target !== 'string' || typeof argument !== 'string') return false;
      const a = target.toLowerCase();
      const b = argument.toLowerCase();
      return node.name === 'contains' ? a.includes(b) : node.name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'bool':
      return value(node.value) === true;
    case 'queryFunction':
      throw ServiceError.notImplemented(`the query function '${node.name}' on metadata`);
  }
}

function normalize(value: unknown): unknown {
  // Complex values such as `RequiredLevel` compare through their `Value`.
  if (value !== null && typeof value === 'object' && 'Value' in (value as object)) return (value as { Value: unknown }).Value;
  return value;
}

function compare(op: CompareOperator, left: unknown, right: unknown): boolean {
  if (typeof left === 'string' && typeof right === 'string') {
    const l = left.toLowerCase();
    const r = right.toLowerCase();
    return apply(op, l < r ? -1 : l > r ? 1 : 0, l === r);
  }
  if (left === null || right === null) {
    if (op === 'eq') return left === right;
    if (op === 'ne') return left !== right;
    return false;
  }
  if (typeof left === 'number' && typeof right === 'number') return apply(op, left - right, left === right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return apply(op, Number(left) - Number(right), left === right);
  return op === 'ne';
}

function apply(op: CompareOperator, difference: number, equal: boolean): boolean {
  switch (op) {
    case 'eq':
      return equal;
    case 'ne':
      return !equal;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
  }
}
