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

// Sticky (`y`): each is tried at the lexer's position in the whole text, with no copy of the rest made per token.
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?(?![\w.:+-])/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\w.:-])/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[mMdDfFlL]?(?![\w.])/y;
const IDENTIFIER = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/y;
const ALIAS = /@[A-Za-z_]\w*/y;

/** The text `pattern` matches at `position` of `source`, or undefined. */
function matchAt(pattern: RegExp, source: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(source)?.[0];
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `0-9`, `a-f`, `A-F`: the characters a GUID can start with. */
function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

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
      const alias = matchAt(ALIAS, source, i);
      if (alias === undefined) throw syntaxError(source, i);
      tokens.push({ kind: 'alias', text: alias, position: i });
      i += alias.length;
      continue;
    }
    // The literals are tried only where they can start (a GUID with a hex digit, dates with a digit, a number with a
    // digit, '-' or '.'): a keyword or a property name (`name`, `eq`, `or`) goes straight to the identifier.
    const code = source.charCodeAt(i);
    const guid = isHexDigit(code) ? matchAt(GUID, source, i) : undefined;
    if (guid !== undefined) {
      tokens.push({ kind: 'guid', text: guid.toLowerCase(), position: i });
      i += guid.length;
      continue;
    }
    if (isDigit(code)) {
      const dateTime = matchAt(DATETIME, source, i);
      if (dateTime !== undefined) {
        tokens.push({ kind: 'datetime', text: dateTime, position: i });
        i += dateTime.length;
        continue;
      }
      const date = matchAt(DATE, source, i);
      if (date !== undefined) {
        tokens.push({ kind: 'date', text: date, position: i });
        i += date.length;
        continue;
      }
    }
    const number = isDigit(code) || ch === '-' || ch === '.' ? matchAt(NUMBER, source, i) : undefined;
    if (number !== undefined && (ch !== '-' || /\d|\./.test(source[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number, position: i });
      i += number.length;
      continue;
    }
    const identifier = matchAt(IDENTIFIER, source, i);
    if (identifier !== undefined) {
      const end = i + identifier.length;
      if (source[end] === "'" && identifier.includes('.')) {
        const { value, end: stringEnd } = readString(source, end);
        tokens.push({ kind: 'enum', text: value, enumType: identifier, position: i });
        i = stringEnd;
        continue;
      }
      tokens.push({ kind: 'identifier', text: identifier, position: i });
      i = end;
      continue;
    }
    throw syntaxError(source, i);
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

/** The string literal opening at `start`: its content (`''` is one quote) and the position after its closing quote. */
function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  let from = start + 1;
  for (let quote = source.indexOf("'", from); quote >= 0; quote = source.indexOf("'", from)) {
    value += source.slice(from, quote);
    if (source.charCodeAt(quote + 1) !== 0x27) return { value, end: quote + 1 };
    value += "'";
    from = quote + 2;
  }
  throw ServiceError.badQuery(`There is an unterminated string literal at position ${start} in '${source}'.`);
}

export function syntaxError(source: string, position: number): ServiceError {
  return ServiceError.badQuery(`Syntax error at position ${position} in '${source}'.`);
}
