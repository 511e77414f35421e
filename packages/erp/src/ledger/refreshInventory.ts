import type { EntityManager } from '@mikro-orm/core';
import { chunked } from './chunked';

/**
 * Sets `Item.inventory` of the given items to the sum of their item ledger entry quantities, in one statement per
 * 500 items, inside `em`'s transaction. It writes the column alone: `modified_at` is not touched, as posting does not
 * move an item's SystemModifiedAt in NAV (Inventory is a FlowField). `round(…, 5)` keeps SQLite's float sums exact to
 * the column's scale.
 */
export async function refreshInventory(em: EntityManager, itemNos: Iterable<string>): Promise<void> {
  const metadata = em.getMetadata();
  const item = metadata.get('Item');
  const entry = metadata.get('ItemLedgerEntry');
  const platform = em.getPlatform();
  const quote = (name: string) => platform.quoteIdentifier(name);
  const column = (meta: typeof item, property: string) => quote(meta.properties[property]!.fieldNames[0]!);
  // Schema-qualified where the ORM works in a schema (PostgreSQL), as MikroORM's own statements are.
  const table = (meta: typeof item) => {
    const schema = meta.schema ?? em.config.get('schema');
    return schema ? `${quote(schema)}.${quote(meta.tableName)}` : quote(meta.tableName);
  };
  const itemTable = table(item);
  const sql = (count: number) =>
    `update ${itemTable} set ${column(item, 'inventory')} = (select round(coalesce(sum(e.${column(entry, 'quantity')}), 0), 5) ` +
    `from ${table(entry)} e where e.${column(entry, 'itemNo')} = ${itemTable}.${column(item, 'no')}) ` +
    `where ${column(item, 'no')} in (${Array.from({ length: count }, () => '?').join(', ')})`;
  for (const part of chunked([...new Set(itemNos)], 500)) {
    await em.getConnection().execute(sql(part.length), part, 'run', em.getTransactionContext());
  }
}
