/** Quotes an SQLite identifier. Table and column names come from definitions, never from requests. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The hidden column that stores which table a polymorphic lookup points at. */
export function targetColumnOf(readName: string): string {
  return `${readName}@target`;
}
