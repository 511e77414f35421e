import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** The document kinds a customer ledger entry comes from (NAV's "Document Type" options this ERP posts). */
export type CustLedgerDocumentType = 'Invoice' | 'Payment';

/**
 * NAV table 21 "Cust. Ledger Entry": one posted amount on a customer's account, in the local currency. Posting an
 * order writes an Invoice entry; `LedgerService.postPayment` writes a Payment entry and applies it to open entries
 * (their `remainingAmountLcy` goes down, and `open` turns false at zero). `modifiedAt` is the entry's
 * SystemModifiedAt: it moves when an application changes the entry, which is what the statistics job looks for.
 */
export interface CustLedgerEntry extends SystemFields {
  /** Assigned by the database in posting order. */
  entryNo: number;
  customerNo: string;
  /** `YYYY-MM-DD`. */
  postingDate: string;
  documentType: CustLedgerDocumentType;
  documentNo: string;
  description: string | null;
  /** Positive for an invoice, negative for a payment. */
  amountLcy: Decimal;
  /** What is not yet applied; 0 once the entry is closed. */
  remainingAmountLcy: Decimal;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  open: boolean;
}

export const CustLedgerEntrySchema = new EntitySchema<CustLedgerEntry>({
  name: 'CustLedgerEntry',
  indexes: [{ properties: ['customerNo', 'open'] }],
  properties: {
    entryNo: { type: 'integer', primary: true, autoincrement: true },
    customerNo: { type: 'string', length: 20, index: true },
    postingDate: { type: 'date' },
    documentType: { type: 'string', length: 20 },
    documentNo: { type: 'string', length: 20, index: true },
    description: { type: 'string', length: 100, nullable: true },
    amountLcy: { ...decimalColumn, default: '0' },
    remainingAmountLcy: { ...decimalColumn, default: '0' },
    dueDate: { type: 'date' },
    open: { type: 'boolean', default: true },
    ...systemProperties(),
  },
});
