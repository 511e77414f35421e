import { ServiceError } from '../errors/ServiceError';

export type TokenKind =
  | 'identifier'
  | 'string'
  | 'guid'
  | 'datetime'
  | 'date'
  | 'number'
  | 'enum'
  | 'alias'
  | '('
  | ')'
  | ','
  | '['
  | ']'
  | '='
  | '/'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** Identifier text, decoded string content, literal text or enum member. */
  text: string;
  /** For `enum`: the qualified enum type name. */
  enumType?: string;
  position: number;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?(?![\w.:+-])/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w.:-])/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[mMdDfFlL]?(?![\w.])/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/;

/** Splits a `$filter` string into tokens; throws the Dataverse syntax error on anything it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    const rest = source.slice(i);
    if ('(),[]=/'.includes(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, position: i });
      i++;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', text: value, position: i });
      i = end;
      continue;
    }
    if (ch === '@') {
      const match = /^@[A-Za-z_]\w*/.exec(rest);
      if (!match) throw syntaxError(source, i);
      tokens.push({ kind: 'alias', text: match[0], position: i });
      i += match[0].length;
      continue;
    }
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ kind: 'guid', text: guid[0].toLowerCase(), position: i });
      i += guid[0].length;
      continue;
    }
    const dateTime = DATETIME.exec(rest);
    if (dateTime) {
      tokens.push({ kind: 'datetime', text: dateTime[0], position: i });
      i += dateTime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], position: i });
      i += date[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number && (ch !== '-' || /\d|\./.test(source[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      const end = i + identifier[0].length;
      if (source[end] === "'" && identifier[0].includes('.')) {
        const { value, end: stringEnd } = readString(source, end);
        tokens.push({ kind: 'enum', text: value, enumType: identifier[0], position: i });
        i = stringEnd;
        continue;
      }
      tokens.push({ kind: 'identifier', text: identifier[0], position: i });
      i = end;
      continue;
    }
    throw syntaxError(source, i);
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "'") {
      if (source[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw ServiceError.badQuery(`There is an unterminated string literal at position ${start} in '${source}'.`);
}

export function syntaxError(source: string, position: number): ServiceError {
  return ServiceError.badQuery(`Syntax error at position ${position} in '${source}'.`);
}
