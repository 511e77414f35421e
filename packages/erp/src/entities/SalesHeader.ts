import { EntitySchema } from '@mikro-orm/core';
import { salesDocumentHeaderProperties, type SalesDocumentHeaderFields } from './documentFields';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV's Sales Header "Status": an order is edited while `Open`; `Released` orders can be posted and synchronized. */
export type SalesDocumentStatus = 'Open' | 'Released';

/** NAV's Sales Header "Document Type", the two this ERP has. */
export type SalesDocumentType = 'Quote' | 'Order';

/** The document types, for checks and filters. */
export const SALES_DOCUMENT_TYPES: readonly SalesDocumentType[] = Object.freeze(['Quote', 'Order']);

/** The Sales Header fields beyond the shared document fields: what a quote or an order has that an invoice has not. */
export interface SalesHeaderOwnFields {
  status: SalesDocumentStatus;
  /** NAV "Quote No.": on an order made from a quote, the quote's number (the quote itself is archived and deleted). */
  quoteNo?: string | null;
  /** NAV "Quote Valid Until Date" (`YYYY-MM-DD`), on quotes. */
  quoteValidUntilDate?: string | null;
  /**
   * NAV "Doc. No. Occurrence": how many documents of this type have carried this number, this one included (1 for
   * the first). A number can come back after its document was deleted; the archive tells the lives apart by it.
   */
  docNoOccurrence?: number;
}

/** The property definitions of `SalesHeaderOwnFields`, shared with the archive. */
export function salesHeaderOwnProperties() {
  return {
    status: { type: 'string', length: 10, default: 'Open' },
    quoteNo: { type: 'string', length: 20, nullable: true },
    quoteValidUntilDate: { type: 'date', nullable: true },
    docNoOccurrence: { type: 'integer', default: 1 },
  } as const;
}

/**
 * NAV table 36 "Sales Header", document types Quote and Order. NAV keys it by (document type, no.); quotes and
 * orders take their numbers from their own number series (`quoteNos`, `orderNos`), so `no` alone is the key here
 * (Tandem synchronizes tables with a single key). Read `documentType` before treating a row as an order.
 */
export interface SalesHeader extends SalesDocumentHeaderFields, SalesHeaderOwnFields, SystemFields {
  no: string;
  documentType: SalesDocumentType;
}

export const SalesHeaderSchema = new EntitySchema<SalesHeader>({
  name: 'SalesHeader',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek.
  indexes: [{ properties: ['modifiedAt', 'no'] }],
  properties: {
    no: { type: 'string', length: 20, primary: true },
    documentType: { type: 'string', length: 10, default: 'Order', index: true },
    ...salesHeaderOwnProperties(),
    ...salesDocumentHeaderProperties(),
    ...systemProperties(),
  },
});
