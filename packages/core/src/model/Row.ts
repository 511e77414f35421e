/** A row's id as the engine sees it: always a string (numeric keys are carried as their decimal text). */
export type RowId = string;

/**
 * One row of a table, as every store returns it: the id, the modified-on stamp, and — where the store has them — the
 * identity that last modified it and an etag. `values` holds every field by name (the id and stamp fields included).
 */
export interface Row {
  id: RowId;
  modifiedOn: Date;
  modifiedBy?: string;
  etag?: string;
  values: Record<string, unknown>;
}
