import type { HostServices, Side } from '@tandem/core';

/**
 * The couplings of one mapping, looked up a page at a time. The ids of a page are announced with `want` while the
 * engine admits its rows (`onQueryPostFilter` runs for every row of a page before any row is transformed); the first
 * `counterpart` call then resolves all of them with one query. An id nobody announced costs a query of its own, so a
 * change in that order would cost speed, never correctness.
 *
 * `pageCommitted` after each page (`onAfterCommit`) forgets what was looked up two pages ago: with overlapping pages
 * (`TableMapping.overlapPages`) the next page may already be admitted and half transformed when a page commits, so
 * its announced ids and the couplings looked up for it are kept one page longer. `clear` forgets everything (a new job).
 */
export class PageCouplings {
  readonly #pending = new Set<string>();
  #known = new Map<string, string | null>();
  #previous = new Map<string, string | null>();

  constructor(
    private readonly services: HostServices,
    private readonly mapping: string,
    /** The side the ids are on. */
    private readonly side: Side,
  ) {}

  want(id: string): void {
    if (!this.#known.has(id) && !this.#previous.has(id)) this.#pending.add(id);
  }

  /** The coupled id on the other side, or `null` when the record is not coupled. */
  async counterpart(id: string): Promise<string | null> {
    if (this.#known.has(id)) return this.#known.get(id)!;
    if (this.#previous.has(id)) return this.#previous.get(id)!;
    const ids = [...new Set([...this.#pending, id])];
    this.#pending.clear();
    const found = await this.services.state.couplingsBy(this.mapping, this.side, ids);
    for (const each of ids) {
      const coupling = found.get(each);
      this.#known.set(each, (this.side === 'business' ? coupling?.integrationId : coupling?.businessId) ?? null);
    }
    return this.#known.get(id) ?? null;
  }

  /** A page committed: what was looked up before the page now being transformed is forgotten. */
  pageCommitted(): void {
    this.#previous = this.#known;
    this.#known = new Map();
  }

  clear(): void {
    this.#pending.clear();
    this.#known.clear();
    this.#previous.clear();
  }
}
