/** A lone surrogate or U+0000 as `JSON.stringify` writes it in a string. */
export const JSON_ESCAPED_TEXT = /\\u(?:d[89a-f]|0000)/;

/**
 * Texts as one JSON array, for `… in (select value from json_each(?))` on node-sqlite3: one bound parameter instead of
 * one per text (the driver converts each bound parameter on the main thread, with several N-API calls), and no
 * statement per 900 of them. SQLite compares them as it compares bound texts (the column's affinity applies to both).
 * Undefined when a value is not a string, or holds a lone surrogate or U+0000 (JSON carries them, the driver's
 * binding does not): the caller binds the list as before.
 */
export function jsonTextList(values: readonly unknown[]): string | undefined {
  for (const value of values) if (typeof value !== 'string') return undefined;
  const json = JSON.stringify(values);
  return JSON_ESCAPED_TEXT.test(json) ? undefined : json;
}
