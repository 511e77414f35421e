import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';

/** Rows remembered at most by default: about 2 MB of ids. */
export const DEFAULT_KNOWN_ROWS = 20_000;

/**
 * Which table holds a row id, for the ids a store has read, written or looked up in a table that a polymorphic lookup
 * points at (an owner is a user or a team, a customer an account or a contact). A polymorphic lookup written as a bare
 * GUID then binds to its table without asking the service again: the engine writes the same owners page after page.
 * A row never moves to another table, so an entry stays true until the row is deleted (then it is forgotten).
 * Bounded: past `capacity` the oldest entry goes, and a forgotten id is simply looked up again.
 */
export class KnownRowTables {
  readonly #tableOf = new Map<string, string>();
  #targets: Set<string> | undefined;

  /** `tables`: every table definition the store knows, to find which tables polymorphic lookups point at. */
  constructor(
    private readonly tables: () => Iterable<DataverseTableDefinition>,
    readonly capacity = DEFAULT_KNOWN_ROWS,
  ) {}

  /** The table that holds `id` (a lower-case GUID), when known. */
  tableOf(id: string): string | undefined {
    return this.#tableOf.get(id);
  }

  /** Remembers ids (lower-case GUIDs) as rows of `table`; ignored unless a polymorphic lookup can point at `table`. */
  remember(table: string, ids: Iterable<string>): void {
    if (this.capacity === 0 || !this.targets().has(table)) return;
    for (const id of ids) {
      if (this.#tableOf.get(id) === table) continue;
      this.#tableOf.set(id, table);
    }
    if (this.#tableOf.size > this.capacity) this.#evictOldest();
  }

  /**
   * Drops the oldest entries down to 90 % of the capacity, in one walk. Dropping one entry per new id (the first key
   * each time) made every drop walk past the holes the earlier drops left at the front of the map: a full sync of
   * 100 000 accounts slowed down quadratically past the capacity.
   */
  #evictOldest(): void {
    let excess = this.#tableOf.size - Math.floor(this.capacity * 0.9);
    for (const id of this.#tableOf.keys()) {
      if (excess-- <= 0) break;
      this.#tableOf.delete(id);
    }
  }

  forget(ids: Iterable<string>): void {
    for (const id of ids) this.#tableOf.delete(id);
  }

  /** Call when the store's table definitions change. */
  tablesChanged(): void {
    this.#targets = undefined;
  }

  private targets(): Set<string> {
    if (!this.#targets) {
      this.#targets = new Set();
      for (const table of this.tables()) {
        for (const column of Object.values(table.fields)) {
          if ((column.targets?.length ?? 0) < 2) continue;
          for (const target of column.targets!) this.#targets.add(target.table);
        }
      }
    }
    return this.#targets;
  }
}
