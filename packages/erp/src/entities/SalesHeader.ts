import { EntitySchema } from '@mikro-orm/core';
import { salesDocumentHeaderProperties, type SalesDocumentHeaderFields } from './documentFields';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV's Sales Header "Status": an order is edited while `Open`; `Released` orders can be posted and synchronized. */
export type SalesDocumentStatus = 'Open' | 'Released';

/**
 * NAV table 36 "Sales Header", document type Order. NAV keys it by (document type, no.); order numbers come from
 * their own number series, so `no` alone is the key here (Tandem synchronizes tables with a single key).
 */
export interface SalesHeader extends SalesDocumentHeaderFields, SystemFields {
  no: string;
  documentType: 'Order';
  status: SalesDocumentStatus;
}

export const SalesHeaderSchema = new EntitySchema<SalesHeader>({
  name: 'SalesHeader',
  properties: {
    no: { type: 'string', length: 20, primary: true },
    documentType: { type: 'string', length: 10, default: 'Order' },
    status: { type: 'string', length: 10, default: 'Open' },
    ...salesDocumentHeaderProperties(),
    ...systemProperties(),
  },
});
