import { ServiceError } from '../errors/ServiceError';

/** One `$expand` item: `Attributes($select=LogicalName;$filter=…;$expand=OptionSet($select=Options))`. */
export interface ExpandItem {
  name: string;
  /** Nested options by name (`$select`, `$filter`, `$expand`, …), raw text. */
  options: Map<string, string>;
}

/** Parses an `$expand` value: items separated by `,`, each with optional `(…)` options separated by `;`. */
export function parseExpand(text: string): ExpandItem[] {
  return splitTopLevel(text, ',').map((raw) => {
    const item = raw.trim();
    const open = item.indexOf('(');
    if (open < 0) {
      if (!/^[\w.$/]+$/.test(item)) throw ServiceError.badQuery(`Syntax error at position 0 in '${item}'.`);
      return { name: item, options: new Map() };
    }
    if (!item.endsWith(')')) throw ServiceError.badQuery(`Syntax error at position ${item.length} in '${item}'.`);
    const name = item.slice(0, open).trim();
    const options = new Map<string, string>();
    for (const part of splitTopLevel(item.slice(open + 1, -1), ';')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) throw ServiceError.badQuery(`Syntax error at position 0 in '${part}'.`);
      options.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    return { name, options };
  });
}

/** Splits on `separator` outside parentheses and quotes. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    if (ch === separator && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (depth !== 0 || quoted) throw ServiceError.badQuery(`Syntax error: unbalanced parentheses or quotes in '${text}'.`);
  parts.push(current);
  return parts;
}
