import { destinationSide, sourceSide, type SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import { couplingIdField } from '../state/StateStore';
import type { SyncEnvironment } from './SyncEnvironment';
import { isEmpty, valuesEqual } from './values';

/** What match-based coupling found for one source row. */
export type MatchResult = { kind: 'match'; row: Row } | { kind: 'ambiguous'; count: number; fields: string[] } | { kind: 'none' };

function sameText(a: unknown, b: unknown, caseSensitive: boolean): boolean {
  if (!caseSensitive && typeof a === 'string' && typeof b === 'string') return a.toLocaleLowerCase() === b.toLocaleLowerCase();
  return valuesEqual(a, b);
}

/**
 * Match-based coupling: finds an uncoupled destination row whose match fields equal the source row's, trying the
 * priority groups in ascending order (one store query per group per page). An empty value is not a criterion; a
 * destination row that is already coupled never matches; several matches are reported, never guessed.
 *
 * `createdBefore` is the start of the pass: only rows that existed then can match. The rows a full sync creates are
 * all coupled (they never match), and without the bound every page's lookup would read back each same-named row
 * created so far in the pass — quadratic over the pass. A row someone else creates during the pass is not matched
 * either (the next pass may); rows older than the pass are found exactly as before.
 *
 * `claimed` are destination rows a page of this pass found but has not committed yet: taken, as coupled rows are.
 */
export async function findMatches(
  env: SyncEnvironment,
  mapping: TableMapping,
  direction: SyncDirection,
  rows: readonly Row[],
  createdBefore?: Date,
  claimed?: ReadonlyMap<string, string>,
): Promise<Map<string, MatchResult>> {
  const results = new Map<string, MatchResult>(rows.map((r) => [r.id, { kind: 'none' }]));
  const matchFields = mapping.fields.filter((f) => f.match && f.enabled !== false && f.business && f.integration);
  if (matchFields.length === 0 || rows.length === 0) return results;
  const from = sourceSide(direction);
  const to = destinationSide(direction);
  const destinationTable = to === 'business' ? mapping.businessTable : mapping.integrationTable;
  const destinationFilter = to === 'business' ? mapping.businessFilter : mapping.integrationFilter;
  const groups = new Map<number, FieldMapping[]>();
  for (const field of matchFields) {
    const priority = field.match!.priority ?? 0;
    groups.set(priority, [...(groups.get(priority) ?? []), field]);
  }
  let open = [...rows];
  for (const [, fields] of [...groups].sort(([a], [b]) => a - b)) {
    // Arrays here are pushed, not made by `map`: V8's optimized `map` makes a holey array, its builtin a packed one,
    // and this function, compiled for one kind, was dropped and compiled again when it met the other.
    const criteria: { row: Row; candidate: Record<string, unknown> }[] = [];
    for (const row of open) {
      const candidate: Record<string, unknown> = {};
      for (const field of fields) {
        const value = row.values[from === 'business' ? field.business! : field.integration!];
        if (!isEmpty(value)) candidate[to === 'business' ? field.business! : field.integration!] = value;
      }
      criteria.push({ row, candidate });
    }
    const usable = criteria.filter((c) => Object.keys(c.candidate).length > 0);
    if (usable.length === 0) continue;
    const caseSensitive = fields.filter((f) => f.match!.caseSensitive).map((f) => (to === 'business' ? f.business! : f.integration!));
    const found = await env.stores[to].findByValues(destinationTable, {
      candidates: usable.map((c) => c.candidate),
      caseSensitive,
      ...(destinationFilter ? { filter: destinationFilter } : {}),
      ...(createdBefore ? { createdBefore } : {}),
    });
    // Claims are looked at before the coupling read too: a page lets go of its claims once its couplings are
    // committed, and a read that does not wait for a commit under way (SQLite's read connection, PostgreSQL) may
    // miss them — but then the claims were still there before it began.
    const claimedBefore = claimed ? new Set(found.filter((r) => claimed.has(r.id)).map((r) => r.id)) : undefined;
    const coupled = await env.state.couplingsBy(mapping.name, to, found.map((r) => r.id));
    const free = found.filter((r) => !coupled.get(r.id)?.[couplingIdField(from)] && !claimedBefore?.has(r.id) && !claimed?.has(r.id));
    const stillOpen: Row[] = [];
    for (const { row, candidate } of usable) {
      const matches = free.filter((dest) =>
        Object.entries(candidate).every(([field, value]) => sameText(dest.values[field], value, caseSensitive.includes(field))),
      );
      if (matches.length === 1) results.set(row.id, { kind: 'match', row: matches[0]! });
      else if (matches.length > 1) results.set(row.id, { kind: 'ambiguous', count: matches.length, fields: Object.keys(candidate) });
      else stillOpen.push(row);
    }
    for (const c of criteria) if (Object.keys(c.candidate).length === 0) stillOpen.push(c.row);
    open = stillOpen;
  }
  return results;
}
