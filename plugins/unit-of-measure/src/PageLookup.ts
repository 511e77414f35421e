import type { Row } from '@tandem/core';

/** Rows looked up at most this many are kept; past it, the oldest page's answers are dropped before the next load. */
const MAX_KEPT = 5000;

/**
 * One lookup for a page's records instead of one per record. Core has no page hook, but it offers each row a page
 * admits to `onQueryPostFilter` before any counterpart search or transform of that page: a plugin's post-filter tap
 * `collect`s the rows, and the first `get` of the page loads what all collected rows need in one call. A row that
 * was not collected (a tap of another plugin ignored it first) is loaded with whatever is still pending.
 * `forget()` at job start: answers are kept for one job.
 */
export class PageLookup<T> {
  readonly #pending = new Map<string, Row>();
  readonly #found = new Map<string, T | undefined>();
  #loads = 0;

  constructor(private readonly load: (rows: readonly Row[]) => Promise<ReadonlyMap<string, T>>) {}

  /** How many loads ran since the lookup was made (for tests and diagnostics). */
  get loads(): number {
    return this.#loads;
  }

  collect(row: Row): void {
    if (!this.#found.has(row.id)) this.#pending.set(row.id, row);
  }

  /** The answer for a row (by its id), loading it with every collected row still pending. */
  async get(row: Row): Promise<T | undefined> {
    if (!this.#found.has(row.id)) {
      this.#pending.set(row.id, row);
      const rows = [...this.#pending.values()];
      this.#pending.clear();
      if (this.#found.size > MAX_KEPT) this.#found.clear();
      this.#loads++;
      const loaded = await this.load(rows);
      for (const r of rows) this.#found.set(r.id, loaded.get(r.id));
    }
    return this.#found.get(row.id);
  }

  forget(): void {
    this.#pending.clear();
    this.#found.clear();
  }
}
