import type { ReadChangedRequest, RowPage } from '@tandem/core';

/** How long a page read ahead stays usable; an older one is read again. */
const MAX_AGE_MS = 30_000;
/** Pages held at most: one per pass reading through this store at the same time. */
const MAX_PENDING = 4;

interface Pending {
  key: string;
  startedAt: number;
  page: Promise<RowPage | undefined>;
}

/** The identity of a `readChanged` request: the table and everything that decides which rows it returns. */
export function readKey(table: string, request: ReadChangedRequest): string {
  const after = request.after ? { modifiedOn: request.after.modifiedOn.getTime(), id: request.after.id } : null;
  return JSON.stringify([table, after, request.filter ?? null, request.limit, request.excludeModifiedBy ?? null]);
}

/**
 * The next page of a change stream, read while the caller works on the current one. A pass asks for its pages one
 * after another, and each request made it wait for the service (a third of a CRM → ERP full sync was spent so); a
 * full page therefore starts the read of the page after it, with the cursor the pass will ask for next.
 *
 * One page per change stream is held (four at most, for passes reading at the same time). It is used only by the
 * request it was read for, within 30 s; any write through the store drops it. A page read ahead is the page a read at that moment returns: rows changed
 * after it come after the cursor in the stream, as they do when a change lands just after an ordinary read. A read
 * ahead that failed is not reported: the request it was for reads again and meets the error itself.
 */
export class ReadAhead {
  readonly #pending = new Map<string, Pending>();

  /** The page read ahead for this request, or undefined (none, too old, or failed). */
  async take(key: string): Promise<RowPage | undefined> {
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    if (!pending || Date.now() - pending.startedAt > MAX_AGE_MS) return undefined;
    return pending.page;
  }

  /** Starts reading the page for this request. */
  start(key: string, read: () => Promise<RowPage>): void {
    if (this.#pending.size >= MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
    this.#pending.set(key, { key, startedAt: Date.now(), page: read().catch(() => undefined) });
  }

  /** Forgets every page read ahead (the store is about to write). */
  drop(): void {
    this.#pending.clear();
  }
}
