import type { Filter, Row } from '@tandem/core';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';
import type { RunningEmulator } from '@tandem/dataverse-emulator';

/**
 * Someone working in the CRM: their writes carry their own user id, so Tandem sees them as CRM changes (its own
 * writes, stamped with the integration user, are echoes it leaves out).
 */
export class CrmPerson {
  readonly store: DataverseStore;

  constructor(emulator: RunningEmulator, readonly userId: string) {
    const client = new DataverseClient({ url: emulator.url, auth: { token: () => emulator.issueToken(userId) }, throttleRegistry: new ThrottleRegistry() });
    this.store = new DataverseStore({ client });
  }

  async insert(table: string, values: Record<string, unknown>): Promise<string> {
    const [result] = await this.store.write(table, [{ kind: 'insert', ref: table, values }]);
    if (!result?.ok) throw new Error(`CRM: creating a ${table} failed: ${result?.ok === false ? result.error.message : 'no answer'}`);
    return String(result.id);
  }

  async update(table: string, id: string, values: Record<string, unknown>): Promise<void> {
    const [result] = await this.store.write(table, [{ kind: 'update', ref: table, id, values }]);
    if (!result?.ok) throw new Error(`CRM: updating ${table} ${id} failed: ${result?.ok === false ? result.error.message : 'no answer'}`);
  }

  async get(table: string, id: string): Promise<Row> {
    const [row] = await this.store.getByIds(table, [id]);
    if (!row) throw new Error(`CRM: ${table} ${id} not found`);
    return row;
  }

  /** The first row whose `field` equals `value` (text compared case-insensitively), if any. */
  async findBy(table: string, field: string, value: unknown): Promise<Row | undefined> {
    return (await this.store.findByValues(table, { candidates: [{ [field]: value }] }))[0];
  }

  async rows(table: string, filter?: Filter): Promise<Row[]> {
    return (await this.store.readChanged(table, { limit: 5000, ...(filter ? { filter } : {}) })).rows;
  }
}
