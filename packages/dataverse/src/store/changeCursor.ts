import { compareCursors, type Cursor, type Row } from '@tandem/core';
import { dateTimeLiteral, isGuid } from '../client/odataLiteral';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';

const SECOND = 1000;

/**
 * The server-side keyset of the (modified-on, id) cursor, ordered by `modifiedon asc, <id> asc`:
 * `modifiedon gt T or (modifiedon eq T and <id> gt G)` — each page starts exactly after the last row of the one before,
 * so no row is read twice however many rows share one second.
 *
 * - The service keeps `modifiedon` in whole seconds (as Dataverse and the emulator do), so `T` is the cursor's
 *   second; the tie is written as a range (`ge T and lt T+1s`) so that a stamp kept with a fraction would still fall
 *   into its second instead of matching no `eq` at all.
 * - GUIDs are compared by the service, in its own order (SQL Server orders `uniqueidentifier` by byte groups, not as
 *   text): the same order `$orderby <id>` pages in, so the keyset is consistent. The rows of one second therefore
 *   come in the service's GUID order, which the engine only uses to take the last row as its next cursor.
 * - The lower bound `modifiedon ge T` stands outside the `or` (the same rows as inside it): a planner that walks the
 *   `modifiedon` index in `$orderby` order then starts at the cursor's second. With the bound only inside the `or`,
 *   SQLite (the emulator) walked the index from its first row on every page, so a full read cost the square of
 *   the rows.
 * - A cursor whose id is not a GUID (the engine's `{ watermark − overlap, id: '' }`) means "from this instant on":
 *   `modifiedon ge T`, with `T` rounded up to a whole second (a row shown at T.000 is before T.500).
 */
export function changedSinceCondition(table: DataverseTableDefinition, after: Cursor | undefined): string | undefined {
  if (!after) return undefined;
  const time = after.modifiedOn.getTime();
  if (!isGuid(after.id)) return `${table.modifiedOnField} ge ${dateTimeLiteral(new Date(Math.ceil(time / SECOND) * SECOND))}`;
  const second = Math.floor(time / SECOND) * SECOND;
  const field = table.modifiedOnField;
  const from = dateTimeLiteral(new Date(second));
  const next = dateTimeLiteral(new Date(second + SECOND));
  return `${field} ge ${from} and (${field} ge ${next} or (${field} lt ${next} and ${table.idField} gt ${after.id.toLowerCase()}))`;
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
