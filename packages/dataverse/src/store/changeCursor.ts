import { compareCursors, type Cursor, type Row } from '@tandem/core';
import { dateTimeLiteral, isGuid } from '../client/odataLiteral';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';

/**
 * The server-side half of the (modified-on, id) cursor: `modifiedon ge T`, ordered by `modifiedon asc, <id> asc`.
 *
 * Why not `modifiedon gt T or (modifiedon eq T and <id> gt G)`:
 * - GUID order in Dataverse (SQL Server `uniqueidentifier`: the last six bytes first) is not string order, while the
 *   engine's `compareCursors` breaks ties by comparing ids as strings. A server-side `<id> gt G` would page in one
 *   order and be judged in another, losing or repeating rows that share a second.
 * - The Web API shows `modifiedon` in whole seconds while the stored value may carry milliseconds, so
 *   `modifiedon eq T` may not match the very rows that display as T.
 * So the server is asked only for whole seconds (`ge T`), and the tie-break within T — "id after G" — is decided in
 * the store with the engine's own string comparison (`isAfterCursor`), after re-sorting by (modifiedOn, id as text).
 * The cost: rows of the cursor's own second are read again on the next page and dropped client-side.
 */
export function changedSinceCondition(table: DataverseTableDefinition, after: Cursor | undefined): string | undefined {
  if (!after) return undefined;
  const whole = new Date(Math.floor(after.modifiedOn.getTime() / 1000) * 1000);
  return `${table.modifiedOnField} ge ${dateTimeLiteral(whole)}`;
}

/** `$orderby` of a changed-rows read. */
export function changedRowsOrder(table: DataverseTableDefinition): string[] {
  return [`${table.modifiedOnField} asc`, `${table.idField} asc`];
}

/** Leaves out rows last modified by the integration identity (a row with no modifier is kept). */
export function excludeModifiedByCondition(table: DataverseTableDefinition, identity: string | undefined): string | undefined {
  if (!identity || !table.modifiedByField || !isGuid(identity)) return undefined;
  const id = identity.toLowerCase();
  return `(${table.modifiedByField} ne ${id} or ${table.modifiedByField} eq null)`;
}

/** True when a row comes strictly after the cursor, by the engine's (modified-on, id-as-text) order. */
export function isAfterCursor(row: Row, after: Cursor | undefined): boolean {
  return !after || compareCursors({ modifiedOn: row.modifiedOn, id: row.id }, after) > 0;
}

/** Sorts rows by the engine's cursor order: modified-on, then id as text. */
export function sortByCursor(rows: Row[]): Row[] {
  return rows.sort((a, b) => compareCursors({ modifiedOn: a.modifiedOn, id: a.id }, { modifiedOn: b.modifiedOn, id: b.id }));
}
