/**
 * What Tandem stores of an error (job errors, a coupling's last error, a job's message): short, readable, and without
 * customer data beyond what the message itself names. Driver errors from MikroORM/knex embed the whole SQL statement
 * with every value inlined (a batch of 500 rows makes hundreds of KB); the statement is left out and only the
 * driver's reason kept.
 */

/** Longest stored message (characters). */
export const STORED_MESSAGE_LIMIT = 4000;
/** Longest stored stack (characters). */
export const STORED_STACK_LIMIT = 8000;

/**
 * The start of a SQL statement as knex puts it in front of a driver's message (`<sql> - <reason>`). MikroORM always
 * quotes identifiers, which tells a statement from ordinary words ("select a value from the list").
 */
const SQL_STATEMENT = /\b(insert\s+(or\s+\w+\s+)?into\s+[`"]|update\s+[`"][^`"]+[`"]\s+set\s|delete\s+from\s+[`"]|select\s[\s\S]*?\sfrom\s+[`"]|with\s+[`"][^`"]+[`"]\s+as\s*\(|replace\s+into\s+[`"])/i;
// Control characters other than tab, line feed and carriage return: unreadable, and U+0000 breaks some databases.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A text without any SQL statement in it: `<before>[SQL statement left out]: <driver's reason>`. */
export function withoutStatement(text: string): string {
  const found = SQL_STATEMENT.exec(text);
  if (!found) return text;
  // PostgreSQL errors end with ` - detail: Failing row contains (…)` (the row's values): left out too.
  const tail = text.slice(found.index).replace(/\n - (detail|hint): [\s\S]*$/u, '');
  const dash = tail.lastIndexOf(' - ');
  const reason = dash >= 0 ? tail.slice(dash + 3).trim() : '';
  return `${text.slice(0, found.index)}[SQL statement left out]${reason ? `: ${reason}` : ''}`;
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = ` … [cut, ${text.length} characters]`;
  return text.slice(0, limit - note.length) + note;
}

/**
 * A message as it is stored: SQL statements left out, control characters written as `\uXXXX`, lone surrogates
 * replaced, and at most `limit` characters. Applying it twice changes nothing.
 */
export function storedErrorText(text: string, limit = STORED_MESSAGE_LIMIT): string {
  const clean = withoutStatement(text)
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(LONE_SURROGATE, '\ufffd');
  return cut(clean, limit);
}

/**
 * A stack as it is stored: the first lines of a stack repeat the message (with any SQL in it), so they are rebuilt
 * from the stored message; only the `at …` frames are kept after it.
 */
export function storedStackText(stack: string | null | undefined, message: string): string | null {
  if (!stack) return null;
  const name = /^([\w$.]+)(:|$)/.exec(stack)?.[1] ?? 'Error';
  const frames = stack.split('\n').filter((line) => /^\s+at\s/.test(line));
  return storedErrorText([`${name}: ${storedErrorText(message)}`, ...frames].join('\n'), STORED_STACK_LIMIT);
}
