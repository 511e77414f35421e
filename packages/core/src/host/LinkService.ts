import type { RecordRef } from '../engine/SyncEngine';
import { findMapping, type SyncEnvironment } from '../engine/SyncEnvironment';
import type { Side } from '../model/Direction';

/** Where a coupled record lives on each side, as links a person can open. */
export interface RecordLinks {
  businessId: string | null;
  integrationId: string | null;
  /** The ERP link, when the business store has a link template. */
  business?: string;
  /** The CRM link (for Dataverse: `<org url>/main.aspx?pagetype=entityrecord&etn=<table>&id=<guid>`). */
  integration?: string;
}

/** Links to both sides of a record, found through its coupling (BC's "open in Dynamics 365" / back-links). */
export class LinkService {
  readonly #env: SyncEnvironment;

  constructor(env: SyncEnvironment) {
    this.#env = env;
  }

  /** The links of a record of a mapping, named by its id on either side; the other side's comes from its coupling. */
  async of(mapping: string, record: RecordRef): Promise<RecordLinks> {
    const found = findMapping(this.#env, mapping);
    const side: Side = record.businessId !== undefined ? 'business' : 'integration';
    const id = (record.businessId ?? record.integrationId)!;
    const coupling = await this.#env.state.findCoupling(found.name, side, id);
    const ids: Record<Side, string | null> = { business: null, integration: null, ...(coupling ? { business: coupling.businessId, integration: coupling.integrationId } : {}) };
    ids[side] = id;
    const business = ids.business ? this.#env.stores.business.recordUrl?.(found.businessTable, ids.business) : undefined;
    const integration = ids.integration ? this.#env.stores.integration.recordUrl?.(found.integrationTable, ids.integration) : undefined;
    return { businessId: ids.business, integrationId: ids.integration, ...(business ? { business } : {}), ...(integration ? { integration } : {}) };
  }
}
