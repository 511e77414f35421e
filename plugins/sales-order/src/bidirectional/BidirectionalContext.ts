import type { HostServices } from '@tandem/core';
import type { CurrencyLookup } from '@tandem/plugin-currency';

/** What the bidirectional rules need, resolved when a hook runs (the host's services exist only after boot). */
export interface BidirectionalContext {
  services(): HostServices;
  currencies(): CurrencyLookup;
  /** The ERP's name: new CRM price lists are named after it. */
  erpName: string;
}

/**
 * A cache that lives for one job: cleared when a hook runs for another job id, so a lookup made for one page is
 * reused by the records of the same job and never outlives it.
 */
export class PerJobCache<V> {
  #jobId: string | undefined;
  readonly #values = new Map<string, V>();

  async get(jobId: string, key: string, load: () => Promise<V>): Promise<V> {
    if (jobId !== this.#jobId) {
      this.#values.clear();
      this.#jobId = jobId;
    }
    if (this.#values.has(key)) return this.#values.get(key)!;
    const value = await load();
    this.#values.set(key, value);
    return value;
  }

  set(jobId: string, key: string, value: V): void {
    if (jobId !== this.#jobId) {
      this.#values.clear();
      this.#jobId = jobId;
    }
    this.#values.set(key, value);
  }
}
