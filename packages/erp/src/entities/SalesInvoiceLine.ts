import { EntitySchema } from '@mikro-orm/core';
import { salesDocumentLineProperties, type SalesDocumentLineFields } from './documentFields';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 113 "Sales Invoice Line". (document no., line no.) is unique; `systemId` is the key. */
export interface SalesInvoiceLine extends SalesDocumentLineFields, SystemFields {}

export const SalesInvoiceLineSchema = new EntitySchema<SalesInvoiceLine>({
  name: 'SalesInvoiceLine',
  uniques: [{ properties: ['documentNo', 'lineNo'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    ...salesDocumentLineProperties(),
  },
});
