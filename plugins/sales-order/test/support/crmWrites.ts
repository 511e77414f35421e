import type { TableStore, WriteOperation } from '@tandem/core';

/** Writes one row to the CRM and returns its id (fails the test on a refused write). */
export async function crmInsert(crm: TableStore, table: string, values: Record<string, unknown>): Promise<string> {
  return (await crmWrite(crm, table, { kind: 'insert', ref: table, values }))!;
}

export async function crmUpdate(crm: TableStore, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  await crmWrite(crm, table, { kind: 'update', ref: table, id, values });
}

async function crmWrite(crm: TableStore, table: string, operation: WriteOperation): Promise<string | undefined> {
  const [result] = await crm.write(table, [operation]);
  if (!result?.ok) throw new Error(`CRM ${operation.kind} on ${table} failed: ${result?.ok === false ? result.error.message : 'no result'}`);
  return String(result.id);
}

export async function crmRow(crm: TableStore, table: string, id: string): Promise<Record<string, unknown>> {
  const [row] = await crm.getByIds(table, [id]);
  if (!row) throw new Error(`CRM ${table} ${id} not found`);
  return row.values;
}
