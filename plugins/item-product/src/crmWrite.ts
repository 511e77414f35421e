import type { TableStore } from '@tandem/core';
import { itemProductErrors } from './errors';

/** One write to the CRM outside the engine's batch: its id, or a clear error. */
export async function writeOne(
  store: TableStore,
  table: string,
  operation: { kind: 'insert'; values: Record<string, unknown> } | { kind: 'update'; id: string; values: Record<string, unknown> },
  errors: { crmWriteFailed(what: string, cause: Error): Error } = itemProductErrors,
): Promise<string> {
  const [result] = await store.write(table, [{ ...operation, ref: table }]);
  if (!result) throw errors.crmWriteFailed(table, new Error('no result'));
  if (!result.ok) throw errors.crmWriteFailed(table, result.error);
  return result.id;
}
