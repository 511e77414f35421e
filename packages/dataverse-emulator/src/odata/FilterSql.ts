import type { DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityCatalog, EntityModel } from '../metadata/EntityModel';
import { quoteIdent } from '../storage/SqlNames';
import { parseDateOnly, parseDateTime, toDataverseTimestamp } from '../storage/Timestamps';
import { edmTypeOf, isDateOnly, isGuid, type SqlValue } from '../storage/ValueCodec';
import type { CompareOperator, FilterNode, LiteralNode, PropertyNode, ValueNode } from './FilterAst';

/** A piece of SQL with its positional parameters. */
export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

const SQL_OPERATOR: Record<CompareOperator, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
const FLIPPED: Record<CompareOperator, CompareOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const OPERATOR_KIND: Record<CompareOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

interface ResolvedProperty {
  column: DataverseColumn;
  model: EntityModel;
  /** Set when the property was reached through a single-valued navigation property (`primarycontactid/fullname`). */
  via?: { lookupColumn: string; owner: EntityModel };
}

/**
 * Compiles a `$filter` tree into an SQLite WHERE clause for one table, checking every property name and literal type
 * against the table's columns the way Dataverse does (unknown column → 400 "Could not find a property named …").
 * String comparisons are case-insensitive (NOCASE columns, LIKE); `%` and `_` inside `contains`/`startswith`/`endswith`
 * values act as wildcards, as on the real service.
 */
export class FilterCompiler {
  constructor(
    private readonly catalog: EntityCatalog,
    private readonly callerId: string,
  ) {}

  compile(node: FilterNode, model: EntityModel): SqlFragment {
    switch (node.kind) {
      case 'and':
      case 'or':
        return balanced(
          node.kind === 'and' ? 'AND' : 'OR',
          node.operands.map((operand) => this.compile(operand, model)),
        );
      case 'not': {
        const inner = this.compile(node.operand, model);
        return { sql: `(NOT ${inner.sql})`, params: inner.params };
      }
      case 'compare':
        return this.compare(node.op, node.left, node.right, model);
      case 'in': {
        if (node.left.kind !== 'property') throw ServiceError.badQuery("The left operand of 'in' must be a property.");
        const property = this.resolve(node.left, model);
        const values = node.values.map((value) => {
          if (value.kind !== 'literal') throw ServiceError.badQuery("The values of 'in' must be literals.");
          return this.literalValue(property.column, value, 'eq');
        });
        return this.wrap(property, { sql: `${quoteIdent(property.column.name)} IN (${values.map(() => '?').join(', ')})`, params: values });
      }
      case 'stringFunction': {
        if (node.target.kind !== 'property') throw ServiceError.badQuery(`The first argument of '${node.name}' must be a property.`);
        const property = this.resolve(node.target, model);
        if (edmTypeOf(property.column) !== 'Edm.String') {
          throw ServiceError.badQuery(
            `No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String).`,
          );
        }
        if (node.argument.kind !== 'literal' || node.argument.type !== 'string') {
          throw ServiceError.badQuery(`The second argument of '${node.name}' must be a string literal.`);
        }
        const text = node.argument.value;
        const pattern = node.name === 'contains' ? `%${text}%` : node.name === 'startswith' ? `${text}%` : `%${text}`;
        return this.wrap(property, { sql: `${quoteIdent(property.column.name)} LIKE ?`, params: [pattern] });
      }
      case 'queryFunction':
        return this.queryFunction(node.name, node.args, model);
      case 'bool': {
        const value = node.value;
        if (value.kind === 'literal') return { sql: value.value === true ? '1' : '0', params: [] };
        const property = this.resolve(value, model);
        if (property.column.attributeType !== 'Boolean') {
          throw ServiceError.badQuery(`The $filter expression must evaluate to a single boolean value.`);
        }
        return this.wrap(property, { sql: `${quoteIdent(property.column.name)} = 1`, params: [] });
      }
    }
  }

  private compare(op: CompareOperator, left: ValueNode, right: ValueNode, model: EntityModel): SqlFragment {
    if (left.kind === 'literal' && right.kind === 'property') return this.compare(FLIPPED[op], right, left, model);
    if (left.kind === 'literal' && right.kind === 'literal') {
      throw ServiceError.badQuery('A comparison needs at least one property operand.');
    }
    const property = this.resolve(left as PropertyNode, model);
    const column = quoteIdent(property.column.name);
    if (right.kind === 'property') {
      const other = this.resolve(right, model);
      if (property.via || other.via) throw ServiceError.notImplemented('column comparisons across navigation properties');
      if (edmTypeOf(property.column) !== edmTypeOf(other.column)) throw incompatible(property.column, edmTypeOf(other.column), op);
      return { sql: `${column} ${SQL_OPERATOR[op]} ${quoteIdent(other.column.name)}`, params: [] };
    }
    if (right.type === 'null') {
      if (op === 'eq') return this.wrapNull(property, `${column} IS NULL`);
      if (op === 'ne') return this.wrap(property, { sql: `${column} IS NOT NULL`, params: [] });
      return { sql: '0', params: [] };
    }
    // Date-times are stored with one-second resolution; a literal with a fraction is folded onto whole seconds.
    if (property.column.attributeType === 'DateTime' && !isDateOnly(property.column) && (right.type === 'datetime' || right.type === 'date')) {
      const ms = parseDateTime(right.value);
      if (ms === undefined) throw ServiceError.badQuery(`The date-time literal '${right.value}' is not valid.`);
      const whole = Math.floor(ms / 1000) * 1000;
      const stamp = toDataverseTimestamp(new Date(whole));
      if (whole !== ms) {
        if (op === 'eq') return { sql: '0', params: [] };
        if (op === 'ne') return this.wrap(property, { sql: `${column} IS NOT NULL`, params: [] });
        const sqlOp = op === 'gt' || op === 'ge' ? '>' : '<=';
        return this.wrap(property, { sql: `${column} ${sqlOp} ?`, params: [stamp] });
      }
      return this.wrap(property, { sql: `${column} ${SQL_OPERATOR[op]} ?`, params: [stamp] });
    }
    const value = this.literalValue(property.column, right, op);
    return this.wrap(property, { sql: `${column} ${SQL_OPERATOR[op]} ?`, params: [value] });
  }

  /** A literal converted to what the column stores; a type mismatch is the OData "incompatible types" error. */
  private literalValue(column: DataverseColumn, literal: LiteralNode, op: CompareOperator): SqlValue {
    const edm = edmTypeOf(column);
    switch (edm) {
      case 'Edm.String':
        if (literal.type === 'string') return literal.value;
        break;
      case 'Edm.Guid':
        if (literal.type === 'guid') return literal.value;
        if (literal.type === 'string') {
          if (isGuid(literal.value)) return literal.value.toLowerCase();
          throw ServiceError.badQuery(`Unrecognized 'Edm.Guid' literal '${literal.value}' in the $filter.`);
        }
        break;
      case 'Edm.Int32':
      case 'Edm.Int64':
        if (literal.type === 'number' && Number.isInteger(literal.value)) return literal.value;
        break;
      case 'Edm.Decimal':
      case 'Edm.Double':
        if (literal.type === 'number') return literal.value;
        break;
      case 'Edm.Boolean':
        if (literal.type === 'boolean') return literal.value ? 1 : 0;
        break;
      case 'Edm.Date':
        if (literal.type === 'date') return literal.value;
        if (literal.type === 'datetime') return literal.value.slice(0, 10);
        break;
      case 'Edm.DateTimeOffset':
        if (literal.type === 'datetime' || literal.type === 'date') {
          const ms = parseDateTime(literal.value);
          if (ms !== undefined) return toDataverseTimestamp(new Date(ms));
        }
        break;
    }
    throw incompatible(column, literalEdmType(literal), op);
  }

  /** A text value of a query-function parameter (`PropertyValues=['1','2']`) converted to the column's type. */
  private textValue(column: DataverseColumn, node: ValueNode): SqlValue {
    if (node.kind !== 'literal') throw ServiceError.badQuery('Query function values must be literals.');
    if (node.type !== 'string') return this.literalValue(column, node, 'eq');
    const text = node.value;
    switch (edmTypeOf(column)) {
      case 'Edm.String':
        return text;
      case 'Edm.Guid':
        if (isGuid(text)) return text.toLowerCase();
        break;
      case 'Edm.Int32':
      case 'Edm.Int64':
        if (/^-?\d+$/.test(text)) return Number(text);
        break;
      case 'Edm.Decimal':
      case 'Edm.Double':
        if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
        break;
      case 'Edm.Boolean':
        if (text === 'true' || text === '1') return 1;
        if (text === 'false' || text === '0') return 0;
        break;
      case 'Edm.Date':
        if (parseDateOnly(text.slice(0, 10))) return text.slice(0, 10);
        break;
      case 'Edm.DateTimeOffset': {
        const ms = parseDateTime(text);
        if (ms !== undefined) return toDataverseTimestamp(new Date(ms));
        break;
      }
    }
    throw ServiceError.badQuery(`The value '${text}' is not valid for the property '${column.name}'.`);
  }

  private queryFunction(name: string, args: Record<string, ValueNode | ValueNode[]>, model: EntityModel): SqlFragment {
    const propertyArg = args['PropertyName'];
    if (!propertyArg || Array.isArray(propertyArg) || propertyArg.kind !== 'literal' || propertyArg.type !== 'string') {
      throw ServiceError.badQuery(`The query function 'Microsoft.Dynamics.CRM.${name}' needs a PropertyName='…' parameter.`);
    }
    const property = this.resolve({ kind: 'property', path: propertyArg.value.split('/'), position: propertyArg.position }, model);
    const column = quoteIdent(property.column.name);
    const list = (): SqlValue[] => {
      const values = args['PropertyValues'];
      if (!Array.isArray(values)) throw ServiceError.badQuery(`The query function '${name}' needs PropertyValues=[…].`);
      return values.map((value) => this.textValue(property.column, value));
    };
    const single = (): SqlValue => {
      const value = args['PropertyValue'];
      if (!value || Array.isArray(value)) throw ServiceError.badQuery(`The query function '${name}' needs PropertyValue=….`);
      return this.textValue(property.column, value);
    };
    switch (name) {
      case 'In':
      case 'NotIn': {
        const values = list();
        if (values.length === 0) return { sql: name === 'In' ? '0' : '1', params: [] };
        const sql = `${column} ${name === 'In' ? 'IN' : 'NOT IN'} (${values.map(() => '?').join(', ')})`;
        return this.wrap(property, { sql, params: values });
      }
      case 'Between':
      case 'NotBetween': {
        const values = list();
        if (values.length !== 2) throw ServiceError.badQuery(`The query function '${name}' needs exactly two PropertyValues.`);
        return this.wrap(property, { sql: `${column} ${name === 'Between' ? 'BETWEEN' : 'NOT BETWEEN'} ? AND ?`, params: values });
      }
      case 'EqualUserId':
        return this.wrap(property, { sql: `${column} = ?`, params: [this.callerId] });
      case 'NotEqualUserId':
        return this.wrap(property, { sql: `(${column} <> ? OR ${column} IS NULL)`, params: [this.callerId] });
      case 'Null':
        return this.wrapNull(property, `${column} IS NULL`);
      case 'NotNull':
        return this.wrap(property, { sql: `${column} IS NOT NULL`, params: [] });
      case 'OnOrAfter':
      case 'OnOrBefore':
      case 'On': {
        const value = single();
        if (typeof value !== 'string') throw ServiceError.badQuery(`The query function '${name}' needs a date.`);
        const day = value.slice(0, 10);
        const start = isDateOnly(property.column) ? day : `${day}T00:00:00Z`;
        const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
        const end = isDateOnly(property.column) ? next.toISOString().slice(0, 10) : toDataverseTimestamp(next);
        if (name === 'OnOrAfter') return this.wrap(property, { sql: `${column} >= ?`, params: [start] });
        if (name === 'OnOrBefore') return this.wrap(property, { sql: `${column} < ?`, params: [end] });
        return this.wrap(property, { sql: `(${column} >= ? AND ${column} < ?)`, params: [start, end] });
      }
      default:
        throw ServiceError.notImplemented(`the query function 'Microsoft.Dynamics.CRM.${name}'`);
    }
  }

  resolve(node: PropertyNode, model: EntityModel): ResolvedProperty {
    const [first, second, ...rest] = node.path;
    if (second === undefined) {
      const column = model.byReadName.get(first!);
      if (!column || !column.validForRead) throw ServiceError.unknownProperty(first!, model.typeName);
      return { column, model };
    }
    if (rest.length > 0) throw ServiceError.notImplemented('$filter paths longer than one navigation property');
    const navigation = model.navigation.get(first!);
    if (!navigation) throw ServiceError.unknownProperty(first!, model.typeName);
    if (navigation.targets.length !== 1) throw ServiceError.notImplemented(`$filter through the polymorphic navigation property '${first}'`);
    const target = this.catalog.findByLogicalName(navigation.targets[0]!);
    if (!target) throw ServiceError.notImplemented(`$filter through '${first}': table '${navigation.targets[0]}' is not served`);
    const column = target.byReadName.get(second);
    if (!column || !column.validForRead) throw ServiceError.unknownProperty(second, target.typeName);
    return { column, model: target, via: { lookupColumn: navigation.column.name, owner: model } };
  }

  /** A condition on a related row becomes `lookup IN (SELECT id FROM target WHERE condition)`. */
  private wrap(property: ResolvedProperty, fragment: SqlFragment): SqlFragment {
    if (!property.via) return fragment;
    const target = property.model;
    return {
      sql: `${quoteIdent(property.via.lookupColumn)} IN (SELECT ${quoteIdent(target.primaryId)} FROM ${quoteIdent(target.logicalName)} WHERE ${fragment.sql})`,
      params: fragment.params,
    };
  }

  /** `nav/x eq null` also matches rows with no related row at all. */
  private wrapNull(property: ResolvedProperty, sql: string): SqlFragment {
    if (!property.via) return { sql, params: [] };
    const inner = this.wrap(property, { sql, params: [] });
    return { sql: `(${quoteIdent(property.via.lookupColumn)} IS NULL OR ${inner.sql})`, params: [] };
  }
}

/**
 * Joins a chain as a balanced tree, `((a OR b) OR (c OR d))`: SQLite refuses expressions deeper than 1 000, and a flat
 * `a OR b OR …` of 1 000 terms is exactly that deep; balanced, 2 000 terms are 11 levels.
 */
function balanced(operator: 'AND' | 'OR', parts: SqlFragment[]): SqlFragment {
  if (parts.length === 1) return parts[0]!;
  const middle = Math.ceil(parts.length / 2);
  const left = balanced(operator, parts.slice(0, middle));
  const right = balanced(operator, parts.slice(middle));
  return { sql: `(${left.sql} ${operator} ${right.sql})`, params: [...left.params, ...right.params] };
}

function literalEdmType(literal: LiteralNode): string {
  switch (literal.type) {
    case 'string':
      return 'Edm.String';
    case 'guid':
      return 'Edm.Guid';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'date':
      return 'Edm.Date';
    case 'number':
      return Number.isInteger(literal.value) ? 'Edm.Int32' : 'Edm.Decimal';
    case 'boolean':
      return 'Edm.Boolean';
    case 'enum':
      return literal.enumType;
    case 'null':
      return 'null';
  }
}

function incompatible(column: DataverseColumn, otherType: string, op: CompareOperator): ServiceError {
  return ServiceError.badQuery(
    `A binary operator with incompatible types was detected. Found operand types '${edmTypeOf(column)}' and '${otherType}' for operator kind '${OPERATOR_KIND[op]}'.`,
  );
}
