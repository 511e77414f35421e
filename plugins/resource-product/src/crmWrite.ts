import type { TableStore } from '@tandem/core';
import { resourceProductErrors } from './errors';

/** One update of a CRM row outside the engine's batch, or a clear error. */
export async function updateOne(store: TableStore, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await store.write(table, [{ kind: 'update', id, values, ref: table }]);
  if (!result) throw resourceProductErrors.crmWriteFailed(table, new Error('no result'));
  if (!result.ok) throw resourceProductErrors.crmWriteFailed(table, result.error);
}
