import type { EntityManager } from '@mikro-orm/core';
import { MergeBaseLayout } from './positionalMergeBase';
import { stateQuery } from './stateQuery';
import { stateTable } from './stateTable';

/**
 * The registry of merge base layouts (`tandem_merge_base_layout`), cached in memory. Rows are only ever added, so a
 * committed row stays right forever. Only rows read outside a transaction are cached: a row added (or seen) in a
 * transaction that then rolled back could see its id given to another layout (SQLite reuses the highest id).
 */
export class MergeBaseLayouts {
  readonly #byId = new Map<number, MergeBaseLayout>();
  readonly #idByText = new Map<string, number>();

  /** The layouts of `ids`, read from the table for those not cached. */
  async layouts(em: EntityManager, ids: Iterable<number>): Promise<Map<number, MergeBaseLayout>> {
    const found = new Map<number, MergeBaseLayout>();
    let read: Map<number, MergeBaseLayout> | undefined;
    for (const id of ids) {
      let layout = this.#byId.get(id);
      if (!layout) {
        read ??= await this.#read(em);
        layout = read.get(id);
      }
      if (layout) found.set(id, layout);
    }
    return found;
  }

  async #read(em: EntityManager): Promise<Map<number, MergeBaseLayout>> {
    const rows = await stateQuery(em, `select id, fields from ${stateTable(em, 'MergeBaseLayout')}`, [], 'all');
    const read = new Map(rows.map((row) => [Number(row.id), MergeBaseLayout.parse(row.fields as string)]));
    if (!em.isInTransaction()) {
      for (const [id, layout] of read) {
        this.#byId.set(id, layout);
        this.#idByText.set(layout.text, id);
      }
    }
    return read;
  }

  /** The id of `layout`, added in `em`'s transaction when it is new. */
  async idOf(em: EntityManager, layout: MergeBaseLayout): Promise<number> {
    const known = this.#idByText.get(layout.text);
    if (known !== undefined) return known;
    const table = stateTable(em, 'MergeBaseLayout');
    const key = layout.key;
    const select = () => stateQuery(em, `select id from ${table} where ${em.getPlatform().quoteIdentifier('key')} = ?`, [key], 'all');
    let [row] = await select();
    if (!row) {
      await stateQuery(em, `insert into ${table} (${em.getPlatform().quoteIdentifier('key')}, fields) values (?, ?) on conflict do nothing`, [key, layout.text], 'run');
      [row] = await select();
    }
    return Number(row!.id);
  }
}
