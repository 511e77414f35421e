import type { Row } from '@tandem/core';
import type { TestPair } from './startTestPair';

/** Creates a CRM row as the CRM person (`pair.crm`); returns its id. A refused write throws its error. */
export async function addCrm(pair: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write(table, [{ kind: 'insert', ref: 'new', values }]);
  if (!result?.ok) throw result?.error ?? new Error(`no write result for the new ${table}`);
  return result.id;
}

/** Changes a CRM row as the CRM person. */
export async function changeCrm(pair: TestPair, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await pair.crm.write(table, [{ kind: 'update', ref: id, id, values }]);
  if (!result?.ok) throw result?.error ?? new Error(`no write result for ${table} ${id}`);
}

/** Reads a CRM row; throws when it does not exist. */
export async function getCrm(pair: TestPair, table: string, id: string): Promise<Row> {
  const [row] = await pair.crm.getByIds(table, [id]);
  if (!row) throw new Error(`${table} ${id} not found`);
  return row;
}
