import { DateTimeType, EntitySchema } from '@mikro-orm/core';
import { salesDocumentHeaderProperties, type SalesDocumentHeaderFields } from './documentFields';
import { salesHeaderOwnProperties, type SalesDocumentType, type SalesHeaderOwnFields } from './SalesHeader';
import { systemProperties, type SystemFields } from './systemFields';

/**
 * NAV table 5107 "Sales Header Archive": one archived version of a quote or an order, a copy of its header at the
 * time. NAV keys it by (document type, no., doc. no. occurrence, version no.); here that is a unique index and
 * `systemId` (a generated id) is the key, since Tandem synchronizes tables with a single key. Written only by the
 * archive (`archiveSalesDocument`), never changed afterwards.
 */
export interface SalesHeaderArchive extends SalesDocumentHeaderFields, SalesHeaderOwnFields, SystemFields {
  documentType: SalesDocumentType;
  no: string;
  /** The document's `docNoOccurrence` (1 unless its number was used before). */
  docNoOccurrence: number;
  /** 1, 2, … per (document type, no., occurrence), as NAV's "Version No.". */
  versionNo: number;
  /** When the version was archived (NAV "Date Archived" and "Time Archived" in one). */
  archivedAt: Date;
}

export const SalesHeaderArchiveSchema = new EntitySchema<SalesHeaderArchive>({
  name: 'SalesHeaderArchive',
  uniques: [{ properties: ['documentType', 'no', 'docNoOccurrence', 'versionNo'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    documentType: { type: 'string', length: 10 },
    no: { type: 'string', length: 20 },
    ...salesHeaderOwnProperties(),
    docNoOccurrence: { type: 'integer' },
    versionNo: { type: 'integer' },
    archivedAt: { type: new DateTimeType() },
    ...salesDocumentHeaderProperties(),
  },
});
