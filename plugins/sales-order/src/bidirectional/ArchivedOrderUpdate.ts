import { EntitySchema } from '@mikro-orm/core';

/**
 * An archived ERP order whose CRM order still has to be updated from the archive (BC's "Archived Sales Order" /
 * "Archived Sales Order Updated" flags of the coupling). Written in the archiving transaction (on demand, or by
 * posting), so it exists exactly when the version does; the archived-orders job updates the CRM order from the latest
 * version and records the version it sent. A later archive of the same order raises `versionNo` again.
 */
export interface ArchivedOrderUpdate {
  /** `<ERP order no.>#<doc. no. occurrence>`: one row per life of an order number. */
  key: string;
  erpOrderNo: string;
  docNoOccurrence: number;
  crmOrderId: string;
  /** The latest archived version. */
  versionNo: number;
  /** The version the CRM order was last updated from; null before the first update. */
  sentVersionNo: number | null;
  archivedAt: Date;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
}

export const ArchivedOrderUpdateSchema = new EntitySchema<ArchivedOrderUpdate>({
  name: 'ArchivedOrderUpdate',
  tableName: 'tandem_sales_order_archive_update',
  properties: {
    key: { type: 'string', length: 40, primary: true },
    erpOrderNo: { type: 'string', length: 20 },
    docNoOccurrence: { type: 'integer' },
    crmOrderId: { type: 'string', length: 36 },
    versionNo: { type: 'integer' },
    sentVersionNo: { type: 'integer', nullable: true },
    archivedAt: { type: 'datetime', index: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    lastAttemptAt: { type: 'datetime', nullable: true },
  },
});
