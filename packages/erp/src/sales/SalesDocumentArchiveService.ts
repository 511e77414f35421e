import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { SALES_DOCUMENT_TYPES, SalesHeaderSchema, type SalesDocumentType } from '../entities/SalesHeader';
import { SalesHeaderArchiveSchema, type SalesHeaderArchive } from '../entities/SalesHeaderArchive';
import { SalesLineSchema } from '../entities/SalesLine';
import { SalesLineArchiveSchema } from '../entities/SalesLineArchive';
import { erpErrors } from '../errors/erpErrors';
import { archiveSalesDocument, type ArchivedSalesDocument } from './archiveSalesDocument';
import { createSalesOrderHooks, getSalesOrderHooks, type SalesOrderHooks } from './SalesOrderHooks';
import type { OperationOptions } from './SalesOrderInput';

export interface SalesDocumentArchiveServiceOptions {
  /** The hooks to raise (`afterArchiveSalesDocument`); share them with `SalesOrderService.getHooks(owner)`. */
  hooks?: SalesOrderHooks;
  /** The clock for the archive time; default the system clock. */
  clock?: () => Date;
}

/** Which life of a document number to read (NAV "Doc. No. Occurrence"); default the latest one archived. */
export interface ArchiveReadOptions extends OperationOptions {
  docNoOccurrence?: number;
}

/**
 * The sales archive (NAV's ArchiveManagement for sales documents, tables 5107/5108): archive a quote or an order as
 * a new version, and read the versions back. Archiving on posting ("Archive Orders" in the setup) is done by
 * `SalesOrderService.postSalesOrder` with the same `archiveSalesDocument`.
 */
export class SalesDocumentArchiveService {
  readonly hooks: SalesOrderHooks;
  readonly #orm: MikroORM;
  readonly #clock: () => Date;

  /** The hooks owned by `owner`; the same object as `SalesOrderService.getHooks(owner)`. */
  static getHooks(owner: object): SalesOrderHooks {
    return getSalesOrderHooks(owner);
  }

  constructor(orm: MikroORM, options: SalesDocumentArchiveServiceOptions = {}) {
    this.#orm = orm;
    this.hooks = options.hooks ?? createSalesOrderHooks();
    this.#clock = options.clock ?? (() => new Date());
  }

  /**
   * Archives the document's current state as its next version (header and lines) and returns that version. The
   * document stays. `TANDEM_ERP_DOCUMENT_NOT_FOUND` when no document of that type has that number.
   */
  async archiveSalesDocument(documentType: SalesDocumentType, no: string, options: OperationOptions = {}): Promise<ArchivedSalesDocument> {
    checkType(documentType);
    return this.#transaction(options, async (em) => {
      const document = await em.findOne(SalesHeaderSchema, { no, documentType });
      if (!document) throw erpErrors.documentNotFound(documentType, no);
      const lines = await em.find(SalesLineSchema, { documentType, documentNo: no }, { orderBy: { lineNo: 'asc' } });
      return archiveSalesDocument(em, document, lines, { now: this.#clock(), hooks: this.hooks });
    });
  }

  /** The archived versions' headers of one life of the number (default the latest), oldest first. */
  async getArchivedVersions(documentType: SalesDocumentType, no: string, options: ArchiveReadOptions = {}): Promise<SalesHeaderArchive[]> {
    checkType(documentType);
    return this.#transaction(options, async (em) => {
      const docNoOccurrence = options.docNoOccurrence ?? (await latestOccurrence(em, documentType, no));
      if (docNoOccurrence === undefined) return [];
      return em.find(SalesHeaderArchiveSchema, { documentType, no, docNoOccurrence }, { orderBy: { versionNo: 'asc' } });
    });
  }

  /** One archived version with its lines, or `TANDEM_ERP_ARCHIVE_VERSION_NOT_FOUND`. */
  async getArchivedVersion(documentType: SalesDocumentType, no: string, versionNo: number, options: ArchiveReadOptions = {}): Promise<ArchivedSalesDocument> {
    checkType(documentType);
    return this.#transaction(options, async (em) => {
      const docNoOccurrence = options.docNoOccurrence ?? (await latestOccurrence(em, documentType, no));
      const header = docNoOccurrence === undefined
        ? null
        : await em.findOne(SalesHeaderArchiveSchema, { documentType, no, docNoOccurrence, versionNo });
      if (!header) throw erpErrors.archiveVersionNotFound(documentType, no, versionNo);
      const lines = await em.find(
        SalesLineArchiveSchema,
        { documentType, documentNo: no, docNoOccurrence: header.docNoOccurrence, versionNo },
        { orderBy: { lineNo: 'asc' } },
      );
      return { versionNo, header, lines };
    });
  }

  #transaction<T>(options: OperationOptions, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return (options.em ?? this.#orm.em.fork()).transactional(work);
  }
}

function checkType(documentType: unknown): asserts documentType is SalesDocumentType {
  if (!SALES_DOCUMENT_TYPES.includes(documentType as SalesDocumentType)) {
    throw erpErrors.valueInvalid('documentType', documentType, `one of ${SALES_DOCUMENT_TYPES.join(', ')}`);
  }
}

async function latestOccurrence(em: EntityManager, documentType: SalesDocumentType, no: string): Promise<number | undefined> {
  const last = await em.findOne(SalesHeaderArchiveSchema, { documentType, no }, { orderBy: { docNoOccurrence: 'desc' } });
  return last?.docNoOccurrence;
}
