import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { SalesDocumentType, SalesHeader } from '../entities/SalesHeader';
import { SalesHeaderArchiveSchema, type SalesHeaderArchive } from '../entities/SalesHeaderArchive';
import type { SalesLine } from '../entities/SalesLine';
import { SalesLineArchiveSchema, type SalesLineArchive } from '../entities/SalesLineArchive';
import { HEADER_FIELDS, LINE_FIELDS, pick } from './documentFieldNames';
import type { SalesOrderHooks } from './SalesOrderHooks';

/** One archived version of a quote or an order: its header and lines as they were. */
export interface ArchivedSalesDocument {
  versionNo: number;
  header: SalesHeaderArchive;
  lines: SalesLineArchive[];
}

export interface ArchiveWriteOptions {
  /** The archive time and the rows' `modifiedAt`. */
  now: Date;
  /** Raised with `afterArchiveSalesDocument` once the version is written. */
  hooks?: SalesOrderHooks;
}

/**
 * Writes the next archived version of a document (NAV's ArchiveManagement "StoreSalesDocument") through `em`, which
 * should be the caller's transaction: the header and every line are copied, with version no. = the last version of
 * the same (document type, no., occurrence) + 1. The unique index on that quadruple stops two writers from taking
 * the same version. The document itself is left as it is.
 */
export async function archiveSalesDocument(
  em: EntityManager,
  document: SalesHeader,
  lines: readonly SalesLine[],
  options: ArchiveWriteOptions,
): Promise<ArchivedSalesDocument> {
  const { now } = options;
  const docNoOccurrence = document.docNoOccurrence ?? 1;
  const key = { documentType: document.documentType, no: document.no, docNoOccurrence };
  const last = await em.findOne(SalesHeaderArchiveSchema, key, { orderBy: { versionNo: 'desc' } });
  const versionNo = (last?.versionNo ?? 0) + 1;
  const header = em.create(SalesHeaderArchiveSchema, {
    ...pick(document, HEADER_FIELDS),
    ...key,
    versionNo,
    status: document.status,
    quoteNo: document.quoteNo ?? null,
    quoteValidUntilDate: document.quoteValidUntilDate ?? null,
    archivedAt: now,
    systemId: randomUUID(),
    modifiedAt: now,
  });
  const archivedLines = lines.map((line) =>
    em.create(SalesLineArchiveSchema, {
      ...pick(line, LINE_FIELDS),
      documentType: document.documentType,
      documentNo: document.no,
      docNoOccurrence,
      versionNo,
      systemId: randomUUID(),
      modifiedAt: now,
    }),
  );
  await em.flush();
  const archived = { versionNo, header, lines: archivedLines };
  await options.hooks?.afterArchiveSalesDocument.promise({ documentType: document.documentType, no: document.no, ...archived, em });
  return archived;
}

/**
 * NAV's "Doc. No. Occurrence" for a new document: 1 + the highest occurrence of (type, no.) in the archive, so a
 * number that comes back after its document was deleted starts a new series of versions instead of continuing one.
 */
export async function nextDocNoOccurrence(em: EntityManager, documentType: SalesDocumentType, no: string): Promise<number> {
  const last = await em.findOne(SalesHeaderArchiveSchema, { documentType, no }, { orderBy: { docNoOccurrence: 'desc' } });
  return (last?.docNoOccurrence ?? 0) + 1;
}
