import { ServiceError } from '../errors/ServiceError';
import { DEFAULT_LIMITS, type EmulatorLimits } from '../server/EmulatorLimits';
import type { CompareOperator, FilterNode, LiteralNode, StringFunction, ValueNode } from './FilterAst';
import { syntaxError, tokenize, type Token } from './FilterLexer';

const COMPARE: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const QUERY_FUNCTION_PREFIX = 'Microsoft.Dynamics.CRM.';

/**
 * Parses an OData `$filter` into a `FilterNode`. Grammar (lowest precedence first): `or`, `and`, `not`, comparisons
 * (`eq ne gt ge lt le`, `in (…)`), then primaries: parentheses, `contains/startswith/endswith(prop,'text')`,
 * `Microsoft.Dynamics.CRM.<Fn>(Name=value,…)`, property paths and literals. Parameter aliases (`@p1`) are resolved
 * from `aliases` (the raw query values, e.g. `'lastname'`).
 *
 * Hostile filters are refused with `400` before they can exhaust the stack or SQLite: nesting (parentheses and `not`)
 * deeper than `maxFilterDepth`, more than `maxFilterTerms` conditions, more than `maxInValues` values in one list.
 */
export function parseFilter(source: string, aliases: ReadonlyMap<string, string> = new Map(), limits: FilterLimits = DEFAULT_LIMITS): FilterNode {
  const parser = new FilterParser(source, aliases, limits);
  return parser.parse();
}

export type FilterLimits = Pick<EmulatorLimits, 'maxFilterDepth' | 'maxFilterTerms' | 'maxInValues'>;

class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  private terms = 0;

  constructor(
    private readonly source: string,
    private readonly aliases: ReadonlyMap<string, string>,
    private readonly limits: FilterLimits,
  ) {
    this.tokens = tokenize(source);
  }

  parse(): FilterNode {
    if (this.peek().kind === 'end') throw syntaxError(this.source, 0);
    const node = this.parseOr();
    if (this.peek().kind !== 'end') throw syntaxError(this.source, this.peek().position);
    return node;
  }

  private parseOr(): FilterNode {
    const operands = [this.parseAnd()];
    while (this.isKeyword('or')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private parseAnd(): FilterNode {
    const operands = [this.parseUnary()];
    while (this.isKeyword('and')) {
      this.next();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  private parseUnary(): FilterNode {
    if (this.isKeyword('not')) {
      this.enter(this.next().position);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand };
    }
    return this.parseComparison();
  }

  /** One more level of nesting; refused past `maxFilterDepth` so recursion stays far from the stack limit. */
  private enter(position: number): void {
    this.depth++;
    if (this.depth > this.limits.maxFilterDepth) throw ServiceError.filterTooDeep(this.source, position, this.limits.maxFilterDepth);
  }

  private parseComparison(): FilterNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.enter(this.next().position);
      const inner = this.parseOr();
      this.expect(')');
      this.depth--;
      return inner;
    }
    this.terms++;
    if (this.terms > this.limits.maxFilterTerms) throw ServiceError.filterTooManyTerms(this.source, token.position, this.limits.maxFilterTerms);
    if (token.kind === 'identifier' && STRING_FUNCTIONS.has(token.text) && this.peek(1).kind === '(') {
      return this.parseStringFunction();
    }
    if (token.kind === 'identifier' && token.text.startsWith(QUERY_FUNCTION_PREFIX) && this.peek(1).kind === '(') {
      return this.parseQueryFunction();
    }
    const left = this.parseValue();
    const op = this.peek();
    if (op.kind === 'identifier' && COMPARE.has(op.text)) {
      this.next();
      return { kind: 'compare', op: op.text as CompareOperator, left, right: this.parseValue() };
    }
    if (op.kind === 'identifier' && op.text === 'in') {
      this.next();
      const open = this.expect('(');
      const values: ValueNode[] = [this.parseValue()];
      while (this.peek().kind === ',') {
        this.next();
        this.checkListLength(values, open.position);
        values.push(this.parseValue());
      }
      this.expect(')');
      return { kind: 'in', left, values };
    }
    if (left.kind === 'property' || (left.kind === 'literal' && left.type === 'boolean')) return { kind: 'bool', value: left };
    throw syntaxError(this.source, op.position);
  }

  private parseStringFunction(): FilterNode {
    const name = this.next().text as StringFunction;
    this.expect('(');
    const target = this.parseValue();
    this.expect(',');
    const argument = this.parseValue();
    this.expect(')');
    return { kind: 'stringFunction', name, target, argument };
  }

  private parseQueryFunction(): FilterNode {
    const name = this.next().text.slice(QUERY_FUNCTION_PREFIX.length);
    this.expect('(');
    const args: Record<string, ValueNode | ValueNode[]> = {};
    if (this.peek().kind !== ')') {
      for (;;) {
        const key = this.expect('identifier').text;
        this.expect('=');
        if (this.peek().kind === '[') {
          const open = this.next();
          const list: ValueNode[] = [];
          if (this.peek().kind !== ']') {
            list.push(this.parseValue());
            while (this.peek().kind === ',') {
              this.next();
              this.checkListLength(list, open.position);
              list.push(this.parseValue());
            }
          }
          this.expect(']');
          args[key] = list;
        } else {
          args[key] = this.parseValue();
        }
        if (this.peek().kind !== ',') break;
        this.next();
      }
    }
    this.expect(')');
    return { kind: 'queryFunction', name, args };
  }

  private parseValue(): ValueNode {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', type: 'string', value: token.text, position: token.position };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: token.text, position: token.position };
      case 'datetime':
        return { kind: 'literal', type: 'datetime', value: token.text, position: token.position };
      case 'date':
        return { kind: 'literal', type: 'date', value: token.text, position: token.position };
      case 'number': {
        const raw = token.text;
        const value = Number(raw.replace(/[mMdDfFlL]$/, ''));
        if (!Number.isFinite(value)) throw syntaxError(this.source, token.position);
        return { kind: 'literal', type: 'number', value, raw, position: token.position };
      }
      case 'enum':
        return { kind: 'literal', type: 'enum', value: token.text, enumType: token.enumType!, position: token.position };
      case 'alias':
        return this.resolveAlias(token);
      case 'identifier': {
        if (token.text === 'true' || token.text === 'false') {
          return { kind: 'literal', type: 'boolean', value: token.text === 'true', position: token.position };
        }
        if (token.text === 'null') return { kind: 'literal', type: 'null', value: null, position: token.position };
        const path = [token.text];
        while (this.peek().kind === '/') {
          this.next();
          path.push(this.expect('identifier').text);
        }
        return { kind: 'property', path, position: token.position };
      }
      default:
        throw syntaxError(this.source, token.position);
    }
  }

  private checkListLength(list: readonly ValueNode[], position: number): void {
    if (list.length >= this.limits.maxInValues) throw ServiceError.tooManyListValues(this.source, position, this.limits.maxInValues);
  }

  private resolveAlias(token: Token): ValueNode {
    const raw = this.aliases.get(token.text);
    if (raw === undefined) {
      throw ServiceError.badQuery(`The parameter alias '${token.text}' is used in the query but no value was given for it.`);
    }
    const inner = new FilterParser(raw, new Map(), this.limits);
    const value = inner.parseValue();
    if (inner.peek().kind !== 'end') throw syntaxError(raw, inner.peek().position);
    return value;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && token.text === word;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private expect(kind: Token['kind']): Token {
    const token = this.peek();
    if (token.kind !== kind) throw syntaxError(this.source, token.position);
    return this.next();
  }
}

export function isNullLiteral(node: ValueNode): node is LiteralNode & { type: 'null' } {
  return node.kind === 'literal' && node.type === 'null';
}
