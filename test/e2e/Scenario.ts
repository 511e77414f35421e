import type { EntityManager } from '@mikro-orm/core';
import type { Filter, Row, TableStore } from '@tandem/core';
import { ContactBusinessRelationSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';

/** The person the scenario writes to the CRM as (a CRM user, not the integration identity, so Tandem sees her changes). */
export const CASEY = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey CRM' };

/**
 * What the scenario's entries work with: the running pair, the ERP, the CRM as Casey, couplings, and `ids` — the ids of
 * CRM rows an entry seeded, by a name of its choosing, so a later entry (or the same one's checks) can find them.
 */
export class Scenario {
  readonly ids: Record<string, string> = {};

  constructor(readonly pair: TestPair) {}

  get host() {
    return this.pair.host;
  }

  erp(): EntityManager {
    return this.pair.erp();
  }

  id(name: string): string {
    const id = this.ids[name];
    if (!id) throw new Error(`scenario: no id "${name}" was remembered; the entry that seeds it must come earlier in SCENARIO`);
    return id;
  }

  async crmInsert(table: string, values: Record<string, unknown>, rememberAs?: string): Promise<string> {
    const [result] = await this.pair.crm.write(table, [{ kind: 'insert', ref: table, values }]);
    if (!result?.ok) throw new Error(`CRM insert into ${table} failed: ${result?.ok === false ? result.error.message : 'no result'}`);
    if (rememberAs) this.ids[rememberAs] = String(result.id);
    return String(result.id);
  }

  async crmUpdate(table: string, id: string, values: Record<string, unknown>): Promise<void> {
    const [result] = await this.pair.crm.write(table, [{ kind: 'update', ref: table, id, values }]);
    if (!result?.ok) throw new Error(`CRM update of ${table} ${id} failed: ${result?.ok === false ? result.error.message : 'no result'}`);
  }

  async crmRow(table: string, id: string): Promise<Row> {
    const [row] = await this.pair.crm.getByIds(table, [id]);
    if (!row) throw new Error(`CRM ${table} ${id} not found`);
    return row;
  }

  async crmRows(table: string, filter?: Filter): Promise<Row[]> {
    return allRows(this.pair.crm, table, filter);
  }

  /** The CRM id coupled to an ERP record in a mapping; fails when there is none. */
  async crmIdOf(mapping: string, businessId: string): Promise<string> {
    const id = (await this.host.state.findCoupling(mapping, 'business', businessId))?.integrationId;
    if (!id) throw new Error(`${mapping}: ERP record ${businessId} is not coupled`);
    return id;
  }

  /** The company contact of a customer (its Customer business relation), read straight from the ERP. */
  async companyOfCustomer(customerNo: string): Promise<string> {
    return (await this.erp().findOneOrFail(ContactBusinessRelationSchema, { linkToTable: 'Customer', no: customerNo })).contactNo;
  }

  /** The customer of a company contact, read straight from the ERP. */
  async customerOfCompany(companyNo: string): Promise<string> {
    return (await this.erp().findOneOrFail(ContactBusinessRelationSchema, { linkToTable: 'Customer', contactNo: companyNo })).no;
  }

  /** The ERP id coupled to a CRM row in a mapping; fails when there is none. */
  async erpIdOf(mapping: string, integrationId: string): Promise<string> {
    const id = (await this.host.state.findCoupling(mapping, 'integration', integrationId))?.businessId;
    if (!id) throw new Error(`${mapping}: CRM row ${integrationId} is not coupled`);
    return id;
  }
}

export async function allRows(store: TableStore, table: string, filter?: Filter): Promise<Row[]> {
  return (await store.readChanged(table, { limit: 5000, ...(filter ? { filter } : {}) })).rows;
}
