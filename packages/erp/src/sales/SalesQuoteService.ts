import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { SalesHeaderSchema } from '../entities/SalesHeader';
import { SalesLineSchema } from '../entities/SalesLine';
import { erpErrors } from '../errors/erpErrors';
import { archiveSalesDocument, type ArchivedSalesDocument } from './archiveSalesDocument';
import type { CreateSalesOrderInput, OperationOptions } from './SalesOrderInput';
import type { SalesOrderDocument, SalesOrderService } from './SalesOrderService';

/** A new or revised quote: an order's input without the document type (always `'Quote'`). */
export type SalesQuoteInput = Omit<CreateSalesOrderInput, 'documentType' | 'quoteNo'>;

/** A revised quote: the quote as it is now, and the version the previous state was archived as. */
export interface RevisedSalesQuote extends SalesOrderDocument {
  archived: ArchivedSalesDocument;
}

export interface SalesQuoteServiceOptions {
  /** The clock for archive times; default the system clock. */
  clock?: () => Date;
}

/**
 * Sales quotes (document type Quote): create one, revise one (archive the current state as a new version, then
 * replace header and lines), and delete one after an order was made from it (archived first, as BC does). Pricing,
 * checks and numbering are `SalesOrderService.createSalesOrder`'s, so a quote follows the same rules as an order.
 * The archive hooks raised are the sales service's (`afterArchiveSalesDocument`).
 */
export class SalesQuoteService {
  readonly #orm: MikroORM;
  readonly #sales: SalesOrderService;
  readonly #clock: () => Date;

  constructor(orm: MikroORM, sales: SalesOrderService, options: SalesQuoteServiceOptions = {}) {
    this.#orm = orm;
    this.#sales = sales;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Creates an Open quote, numbered from the setup's `quoteNos` unless `input.no` is given. */
  async createSalesQuote(input: SalesQuoteInput, options: OperationOptions = {}): Promise<SalesOrderDocument> {
    return this.#sales.createSalesOrder({ ...input, documentType: 'Quote' }, options);
  }

  /**
   * Archives quote `no` as its next version, then replaces it by `input` (same number, same occurrence: the archive
   * keeps counting versions of the same quote), in one transaction: a broken rule in `input` leaves the quote and
   * the archive as they were. The replaced header is a new row (new `systemId`).
   */
  async reviseSalesQuote(no: string, input: SalesQuoteInput, options: OperationOptions = {}): Promise<RevisedSalesQuote> {
    return this.#transaction(options, async (em) => {
      const { quote, lines } = await this.#loadQuote(em, no);
      const archived = await archiveSalesDocument(em, quote, lines, { now: this.#clock(), hooks: this.#sales.hooks });
      const occurrence = quote.docNoOccurrence ?? 1;
      await this.#remove(em, quote.no);
      const revised = await this.#sales.createSalesOrder({ ...input, documentType: 'Quote', no: quote.no }, { em });
      await em.nativeUpdate(SalesHeaderSchema, { no: quote.no }, { docNoOccurrence: occurrence });
      revised.order.docNoOccurrence = occurrence;
      return { ...revised, archived };
    });
  }

  /**
   * Deletes quote `no` with its lines, archiving it first unless `archive: false` (BC archives a quote an order was
   * made from, then deletes it). Returns the archived version, if any.
   */
  async deleteSalesQuote(no: string, options: OperationOptions & { archive?: boolean } = {}): Promise<ArchivedSalesDocument | undefined> {
    return this.#transaction(options, async (em) => {
      const { quote, lines } = await this.#loadQuote(em, no);
      const archived = options.archive === false
        ? undefined
        : await archiveSalesDocument(em, quote, lines, { now: this.#clock(), hooks: this.#sales.hooks });
      await this.#remove(em, quote.no);
      return archived;
    });
  }

  async #loadQuote(em: EntityManager, no: string) {
    const quote = await em.findOne(SalesHeaderSchema, { no, documentType: 'Quote' });
    if (!quote) throw erpErrors.documentNotFound('Quote', no);
    const lines = await em.find(SalesLineSchema, { documentType: 'Quote', documentNo: no }, { orderBy: { lineNo: 'asc' } });
    return { quote, lines };
  }

  async #remove(em: EntityManager, no: string): Promise<void> {
    await em.nativeDelete(SalesLineSchema, { documentType: 'Quote', documentNo: no });
    await em.nativeDelete(SalesHeaderSchema, { no, documentType: 'Quote' });
    em.clear(); // the deleted rows must not linger in the identity map when the number is used again
  }

  #transaction<T>(options: OperationOptions, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return (options.em ?? this.#orm.em.fork()).transactional(work);
  }
}
