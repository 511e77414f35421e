import { EntitySchema } from '@mikro-orm/core';

/**
 * A posted ERP order whose CRM order still has to be marked Invoiced and get its post on the account's wall (a
 * transactional outbox). The row is written in the posting transaction, so it exists exactly when the post
 * committed; it is delivered right after the commit and, if the CRM could not be reached, again on every later run
 * until it succeeds. Delivered rows are deleted.
 */
export interface PendingCrmInvoicing {
  /** The ERP order no. (unique: order numbers are never reused). */
  erpOrderNo: string;
  invoiceNo: string;
  crmOrderId: string;
  /** The CRM order's name (the ERP order's External Document No.) for the post's text. */
  orderName: string | null;
  postedAt: Date;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
}

export const PendingCrmInvoicingSchema = new EntitySchema<PendingCrmInvoicing>({
  name: 'PendingCrmInvoicing',
  tableName: 'tandem_sales_order_pending_invoicing',
  properties: {
    erpOrderNo: { type: 'string', length: 20, primary: true },
    invoiceNo: { type: 'string', length: 20 },
    crmOrderId: { type: 'string', length: 36 },
    orderName: { type: 'string', length: 300, nullable: true },
    postedAt: { type: 'datetime' },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    lastAttemptAt: { type: 'datetime', nullable: true },
  },
});
