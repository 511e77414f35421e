/** How a column of a multi-row insert is written: a parameter per row, one parameter all rows share, or `NULL`. */
export type ColumnForm = 'row' | 'shared' | 'null';

/** The parameters of a multi-row insert, and how each column takes them (see `valuesClause`). */
export interface InsertValues {
  forms: ColumnForm[];
  /** The row columns of every row (row by row), then one value per shared column. */
  params: unknown[];
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
  let perRow = 0;
  for (let c = 0; c < width; c++) {
    const value = first[c];
    let same = true;
    // Identical values only (`===`: a number and its text differ, NaN is never shared); -0 binds as 0 like 0 does.
    for (let r = 1; r < rows.length && same; r++) same = rows[r]![c] === value;
    forms[c] = !same ? 'row' : value === null ? 'null' : 'shared';
    if (!same) perRow++;
  }
  const params: unknown[] = new Array(rows.length * perRow);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) if (forms[c] === 'row') params[at++] = row[c];
  }
  for (let c = 0; c < width; c++) if (forms[c] === 'shared') params.push(first[c]);
  return { forms, params };
}

/** `(?1, NULL, ?2, ?9), (?3, NULL, ?4, ?9), …`: the `values` of `rowCount` rows whose columns take these forms. */
export function valuesClause(rowCount: number, forms: readonly ColumnForm[]): string {
  const perRow = forms.filter((form) => form === 'row').length;
  const rows: string[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let own = r * perRow;
    let shared = rowCount * perRow;
    rows[r] = `(${forms.map((form) => (form === 'null' ? 'NULL' : form === 'row' ? `?${++own}` : `?${++shared}`)).join(', ')})`;
  }
  return rows.join(', ');
}
