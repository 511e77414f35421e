import type { EntityManager } from '@mikro-orm/core';
import { ItemLedgerEntrySchema } from '@tandem/erp';

/** The items with item ledger entries stamped at or after `since` (all entries when `null`). */
export interface LedgerActivity {
  itemNos: Set<string>;
}

/** Reads the entries' item numbers page by page (`pageSize` entries per query, in entry order), never whole rows. */
export async function itemsWithLedgerActivity(em: EntityManager, since: Date | null, pageSize: number): Promise<LedgerActivity> {
  const itemNos = new Set<string>();
  let after = 0;
  for (;;) {
    const page = await em.find(
      ItemLedgerEntrySchema,
      { entryNo: { $gt: after }, ...(since ? { modifiedAt: { $gte: since } } : {}) },
      { fields: ['entryNo', 'itemNo'], orderBy: { entryNo: 'asc' }, limit: pageSize, disableIdentityMap: true },
    );
    for (const entry of page) itemNos.add(entry.itemNo);
    if (page.length < pageSize) return { itemNos };
    after = page.at(-1)!.entryNo;
  }
}
