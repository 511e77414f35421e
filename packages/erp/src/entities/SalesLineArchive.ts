import { EntitySchema } from '@mikro-orm/core';
import { salesDocumentLineProperties, type SalesDocumentLineFields } from './documentFields';
import type { SalesDocumentType } from './SalesHeader';
import { systemProperties, type SystemFields } from './systemFields';

/**
 * NAV table 5108 "Sales Line Archive": a line of an archived version (`SalesHeaderArchive`). NAV keys it by
 * (document type, document no., doc. no. occurrence, version no., line no.); here that is a unique index and
 * `systemId` is the key.
 */
export interface SalesLineArchive extends SalesDocumentLineFields, SystemFields {
  documentType: SalesDocumentType;
  docNoOccurrence: number;
  versionNo: number;
}

export const SalesLineArchiveSchema = new EntitySchema<SalesLineArchive>({
  name: 'SalesLineArchive',
  uniques: [{ properties: ['documentType', 'documentNo', 'docNoOccurrence', 'versionNo', 'lineNo'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    documentType: { type: 'string', length: 10 },
    docNoOccurrence: { type: 'integer' },
    versionNo: { type: 'integer' },
    ...salesDocumentLineProperties(),
  },
});
