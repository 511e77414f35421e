import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { CustLedgerEntrySchema, type CustLedgerEntry } from '../entities/CustLedgerEntry';
import { ItemLedgerEntrySchema, type ItemLedgerEntry } from '../entities/ItemLedgerEntry';
import type { SalesInvoiceHeader } from '../entities/SalesInvoiceHeader';
import type { SalesInvoiceLine } from '../entities/SalesInvoiceLine';
import { Dec } from '../money/Decimal';

const LCY_PRECISION = Dec.of('0.01');

/** The ledger entries of a posted invoice, created (not yet flushed) in `em`. */
export interface InvoiceLedgerEntries {
  customerEntry: CustLedgerEntry;
  itemEntries: ItemLedgerEntry[];
}

/**
 * What posting an invoice writes to the ledgers, as NAV's sales posting does: one open Invoice customer ledger entry
 * of the invoice total in the local currency (amount ÷ currency factor, rounded to 0.01), due on the invoice's due
 * date, and one Sale item ledger entry per line with the line's quantity negated. The caller flushes and then
 * refreshes the items' inventory (`refreshInventory`).
 */
export function createInvoiceEntries(em: EntityManager, invoice: SalesInvoiceHeader, lines: readonly SalesInvoiceLine[], now: Date): InvoiceLedgerEntries {
  const amountLcy = Dec.of(invoice.amountIncludingVat).dividedBy(Dec.of(invoice.currencyFactor)).round(LCY_PRECISION).toString();
  const customerEntry = em.create(CustLedgerEntrySchema, {
    customerNo: invoice.billToCustomerNo, postingDate: invoice.postingDate, documentType: 'Invoice', documentNo: invoice.no,
    description: `Order ${invoice.orderNo}`, amountLcy, remainingAmountLcy: amountLcy, dueDate: invoice.dueDate, open: amountLcy !== '0',
    systemId: randomUUID(), modifiedAt: now,
  } as CustLedgerEntry);
  const itemEntries = lines.map((line) =>
    em.create(ItemLedgerEntrySchema, {
      itemNo: line.no, postingDate: invoice.postingDate, entryType: 'Sale', documentNo: invoice.no,
      quantity: Dec.ZERO.minus(Dec.of(line.quantity)).toString(), systemId: randomUUID(), modifiedAt: now,
    } as ItemLedgerEntry),
  );
  return { customerEntry, itemEntries };
}
