import { EntitySchema } from '@mikro-orm/core';
import { salesDocumentHeaderProperties, type SalesDocumentHeaderFields } from './documentFields';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 112 "Sales Invoice Header": a posted invoice, written once by posting an order and never changed. */
export interface SalesInvoiceHeader extends SalesDocumentHeaderFields, SystemFields {
  no: string;
  /** The order it was posted from. */
  orderNo: string;
  /** `YYYY-MM-DD`. */
  postingDate: string;
  dueDate: string;
}

export const SalesInvoiceHeaderSchema = new EntitySchema<SalesInvoiceHeader>({
  name: 'SalesInvoiceHeader',
  properties: {
    no: { type: 'string', length: 20, primary: true },
    orderNo: { type: 'string', length: 20, index: true },
    postingDate: { type: 'date' },
    dueDate: { type: 'date' },
    ...salesDocumentHeaderProperties(),
    ...systemProperties(),
  },
});
