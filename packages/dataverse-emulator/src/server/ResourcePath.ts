import { ServiceError } from '../errors/ServiceError';

/** One path segment: `accounts`, `accounts(<guid>)`, `EntityDefinitions(LogicalName='account')`, `WhoAmI()`. */
export interface PathSegment {
  name: string;
  /** The raw text inside the parentheses, when there are any (`''` for `WhoAmI()`). */
  key?: string;
}

/** Splits a resource path on `/` outside quotes and parentheses, and separates each segment's key. */
export function parseResourcePath(path: string): PathSegment[] {
  // Most paths are one segment (`accounts`, `accounts(<id>)`): nothing to split.
  if (!path.includes('/')) return path === '' ? [] : [toSegment(path, path)];
  const segments: PathSegment[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const ch of path) {
    if (ch === "'" ) quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    if (ch === '/' && depth === 0 && !quoted) {
      segments.push(toSegment(current, path));
      current = '';
      continue;
    }
    current += ch;
  }
  if (current !== '' || segments.length > 0) segments.push(toSegment(current, path));
  return segments;
}

function toSegment(text: string, path: string): PathSegment {
  const open = text.indexOf('(');
  if (open < 0) return { name: text };
  if (!text.endsWith(')')) throw ServiceError.badQuery(`Bad Request - Error in query syntax: '${path}'.`);
  return { name: text.slice(0, open), key: text.slice(open + 1, -1) };
}

/** A parsed key: a single value (`<guid>`, `'x'`) or named parts (`accountid=<guid>`, `LogicalName='account'`). */
export type KeyValue = { kind: 'single'; value: string } | { kind: 'named'; parts: Map<string, string> };

/** Parses the text inside a key's parentheses. Values are returned with string quotes removed and `''` unescaped. */
export function parseKey(raw: string): KeyValue {
  const parts = splitKeyParts(raw);
  if (parts.length === 1 && !/^[A-Za-z_][\w.]*\s*=/.test(parts[0]!)) return { kind: 'single', value: unquote(parts[0]!.trim()) };
  const named = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) throw ServiceError.badQuery(`Bad Request - Error in query syntax: '(${raw})'.`);
    named.set(part.slice(0, eq).trim(), unquote(part.slice(eq + 1).trim()));
  }
  return { kind: 'named', parts: named };
}

function splitKeyParts(raw: string): string[] {
  if (!raw.includes(',')) return [raw];
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of raw) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}
