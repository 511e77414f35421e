/** How a column of a multi-row insert is written: a parameter per row, one parameter all rows share, or `NULL`. */
export type ColumnForm = 'row' | 'shared' | 'null';

/** The parameters of a multi-row insert, and how each column takes them (see `valuesClause`). */
export interface InsertValues {
  forms: ColumnForm[];
  /** One value per shared column, then the row columns of every row (row by row). */
  params: unknown[];
}

/**
 * Whether every row has the first row's value in `column`: identical values only (`===`: a number and its text
 * differ, NaN is never shared; -0 binds as 0 like 0 does).
 */
export function sameInEveryRow(rows: readonly unknown[][], column: number): boolean {
  const value = rows[0]![column];
  for (let r = 1; r < rows.length; r++) if (rows[r]![column] !== value) return false;
  return true;
}

/**
 * The parameters of a multi-row insert of `rows` (each an array of `width` bound values): a column whose value is the
 * same in every row is bound once (or written as `NULL`), the others once per row. node-sqlite3 converts each bound
 * parameter on the main thread (several N-API calls a value); a page of new rows repeats many values (the stamps,
 * the modified-by, blank codes), and a shared one is converted once.
 */
export function insertValues(rows: readonly unknown[][], width: number): InsertValues {
  const first = rows[0]!;
  const forms: ColumnForm[] = new Array(width);
  for (let c = 0; c < width; c++) {
    const value = first[c];
    forms[c] = !sameInEveryRow(rows, c) ? 'row' : value === null ? 'null' : 'shared';
  }
  const params: unknown[] = [];
  for (let c = 0; c < width; c++) if (forms[c] === 'shared') params.push(first[c]);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) if (forms[c] === 'row') params.push(row[c]);
  }
  return { forms, params };
}

/**
 * `(?3, ?1, NULL, ?4), (?, ?1, NULL, ?), …`: the `values` of `rowCount` rows whose columns take these forms. The
 * shared values are `?1 … ?S`; the first row numbers its own (`?S+1 …`), the other rows' own are plain `?`, which
 * SQLite numbers on from there. Plain: SQLite looks each numbered `?N` up in a list of those seen (linearly), and a
 * 500-row statement numbered throughout took it 45–110 ms to compile where this takes 3 (as an all-`?` one does).
 */
export function valuesClause(rowCount: number, forms: readonly ColumnForm[]): string {
  let shared = 0;
  const sharedAt = forms.map((form) => (form === 'shared' ? ++shared : 0));
  let own = shared;
  const rows: string[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    rows[r] = `(${forms.map((form, c) => (form === 'null' ? 'NULL' : form === 'shared' ? `?${sharedAt[c]}` : r === 0 ? `?${++own}` : '?')).join(', ')})`;
  }
  return rows.join(', ');
}
