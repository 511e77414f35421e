import { EntitySchema } from '@mikro-orm/core';
import { salesDocumentLineProperties, type SalesDocumentLineFields } from './documentFields';
import type { SalesDocumentType } from './SalesHeader';
import { systemProperties, type SystemFields } from './systemFields';

/**
 * NAV table 37 "Sales Line" of a quote or an order (`documentType` is its header's). NAV keys it by (document type,
 * document no., line no.); here that triple is unique and `systemId` is the key (Tandem synchronizes tables with a
 * single key).
 */
export interface SalesLine extends SalesDocumentLineFields, SystemFields {
  documentType: SalesDocumentType;
}

export const SalesLineSchema = new EntitySchema<SalesLine>({
  name: 'SalesLine',
  uniques: [{ properties: ['documentType', 'documentNo', 'lineNo'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    documentType: { type: 'string', length: 10, default: 'Order' },
    ...salesDocumentLineProperties(),
  },
});
