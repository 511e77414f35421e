import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { MergeBaseLayout } from './positionalMergeBase';
import { stateTable } from './stateTable';

/**
 * The registry of merge base layouts (`tandem_merge_base_layout`), cached in memory. Rows are only ever added, so a
 * layout read from the table stays right. A layout added in a page's transaction is not cached by its id until it
 * is read back: if that transaction rolled back, its id could be given to another layout.
 */
export class MergeBaseLayouts {
  readonly #byId = new Map<number, MergeBaseLayout>();
  readonly #idByText = new Map<string, number>();

  /** The layout of a stored id (after `load` took in the ids in use). */
  get(id: number): MergeBaseLayout | undefined {
    return this.#byId.get(id);
  }

  /** Reads the table when one of `ids` is not cached yet. */
  async loadMissing(em: EntityManager, ids: Iterable<number>): Promise<void> {
    for (const id of ids) {
      if (this.#byId.has(id)) continue;
      const rows = await em.find<{ id: number; fields: string }>('MergeBaseLayout', {}, { disableIdentityMap: true });
      for (const row of rows) {
        const layout = MergeBaseLayout.parse(row.fields);
        this.#byId.set(row.id, layout);
        this.#idByText.set(layout.text, row.id);
      }
      return;
    }
  }

  /** The id of `layout`, added in `em`'s transaction when it is new. */
  async idOf(em: EntityManager, layout: MergeBaseLayout): Promise<number> {
    const known = this.#idByText.get(layout.text);
    if (known !== undefined) return known;
    const key = createHash('sha256').update(layout.text).digest('hex');
    const connection = em.getConnection();
    const platform = em.getPlatform();
    const table = stateTable(em, 'MergeBaseLayout');
    await connection.execute(`insert into ${table} (${platform.quoteIdentifier('key')}, fields) values (?, ?) on conflict do nothing`, [key, layout.text], 'run', em.getTransactionContext());
    const [row] = (await connection.execute(`select id from ${table} where ${platform.quoteIdentifier('key')} = ?`, [key], 'all', em.getTransactionContext())) as { id: number }[];
    return Number(row!.id);
  }
}
