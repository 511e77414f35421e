import type { MikroORM } from '@mikro-orm/core';
import {
  TandemError,
  classifyError,
  type Coupling,
  type Cursor,
  type Filter,
  type LeaseWaitOptions,
  type Logger,
  type Row,
  type StateStore,
  type SyncEngine,
  type TableStore,
} from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, SalesHeaderSchema, erpErrors, type ErpSetup, type SalesHeader, type SalesQuoteService } from '@tandem/erp';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import { CrmOrderState, isTransferred, type CrmSalesOrder, type SalesOrderTransfer } from '@tandem/plugin-sales-order';
import { withLines, type CrmQuote } from './CrmQuote';
import { CrmQuoteState, SALES_QUOTE } from './names';
import { clip, quoteInput } from './quoteInput';
import { loadReferences, type QuoteReferences } from './QuoteReferences';
import type { QuoteFailure, QuoteOrderResult, QuoteReport, QuoteResult } from './QuoteReport';
import { SalesQuoteErrorCodes } from './SalesQuoteError';
import { quoteLabel, salesQuoteErrors } from './salesQuoteErrors';

/** Engine calls made under a lease the caller holds (a run's, handed to its `onJobEnd`). */
type UnderLease = Pick<LeaseWaitOptions, 'lease'>;

export interface SalesQuoteProcessorDeps {
  orm: MikroORM;
  crm: TableStore;
  state: StateStore;
  engine: SyncEngine;
  quotes: SalesQuoteService;
  currencies: CurrencyLookup;
  /** The sales-order transfer, resolved when first needed (the sales-order plugin provides it). */
  transfer: () => SalesOrderTransfer;
  logger: Logger;
  autoProcess: boolean;
  quoteFilter?: Filter;
}

/** What `processQuote` did with one CRM quote. */
export interface ProcessQuoteResult {
  quote: QuoteResult;
  /** For a won quote: the orders made from its submitted CRM orders in this call. */
  orders: QuoteOrderResult[];
}

const QUOTE_PAGE = 200;
/** CRM orders looked up with one `$in` filter on their quote. */
const IDS_PER_READ = 50;

/**
 * CRM quote → ERP sales quote (the seed's "Automatically Process Sales Quotes", reference §6.6): `processQuote` is
 * the on-demand action, `processQuotes` the automatic pass, `runAutomatic` what every run of SALESQUOTE-QUOTE does.
 * The order side is in the sales-order transfer's hooks (`quoteNoForOrder`, `finishQuote`). Provided to hosts and
 * other plugins as `SALES_QUOTE_PROCESSOR`.
 */
export class SalesQuoteProcessor {
  readonly #deps: SalesQuoteProcessorDeps;

  constructor(deps: SalesQuoteProcessorDeps) {
    this.#deps = deps;
  }

  /** Whether the automatic job processes quotes (the plugin option `autoProcessSalesQuotes`). */
  get autoProcess(): boolean {
    return this.#deps.autoProcess;
  }

  /**
   * Processes one CRM quote now, whatever the option says: an Active or Won quote not processed yet becomes (or
   * revises) its ERP quote; for a Won one, its submitted, untransferred CRM orders become ERP orders. A broken rule
   * throws its `TANDEM_SALES_QUOTE_*` (or `TANDEM_SALES_ORDER_*`, `TANDEM_ERP_*`) error.
   */
  async processQuote(crmQuoteId: string): Promise<ProcessQuoteResult> {
    const [row] = await this.#deps.crm.getByIds('quote', [crmQuoteId]);
    if (!row) throw salesQuoteErrors.quoteNotFound(crmQuoteId);
    if (row.values['statecode'] !== CrmQuoteState.ACTIVE && row.values['statecode'] !== CrmQuoteState.WON) {
      throw salesQuoteErrors.notActive(quoteLabel(row), row.values['statecode']);
    }
    const errors = new Map<string, unknown>();
    const report = await this.#processPage([row], (failure, error) => errors.set(failure.crmOrderId ?? failure.crmQuoteId, error));
    const first = errors.values().next();
    if (!first.done) throw first.value;
    return { quote: report.quotes[0]!, orders: report.orders };
  }

  /**
   * The automatic pass: every CRM quote in state Active or Won (and the host's `quoteFilter`), page by page. Each
   * quote is its own error boundary: a failing one is reported and the rest of the page goes on; it stays
   * unprocessed, so the next pass tries it again.
   */
  async processQuotes(options: UnderLease = {}): Promise<QuoteReport> {
    const report: QuoteReport = { quotes: [], orders: [], failed: [] };
    let after: Cursor | undefined;
    for (;;) {
      const page = await this.#deps.crm.readChanged('quote', { filter: this.#quoteFilter(), limit: QUOTE_PAGE, ...(after ? { after } : {}) });
      const done = await this.#processPage(page.rows, undefined, options);
      report.quotes.push(...done.quotes.filter((q) => q.action !== 'unchanged'));
      report.orders.push(...done.orders);
      report.failed.push(...done.failed);
      if (page.rows.length < QUOTE_PAGE) return report;
      const last = page.rows[page.rows.length - 1]!;
      after = { modifiedOn: last.modifiedOn, id: last.id };
    }
  }

  /** What each run of SALESQUOTE-QUOTE does after its (field-less) pass: with the option on, `processQuotes()`. */
  async runAutomatic(options: UnderLease = {}): Promise<QuoteReport | undefined> {
    return this.#deps.autoProcess ? this.processQuotes(options) : undefined;
  }

  /**
   * For the sales-order transfer (`beforeCreateErpOrder`): the ERP quote an order made from CRM quote `crmQuoteId`
   * comes from — the ERP quote whose Your Reference is that quote's number (BC's rule) — or `undefined`.
   */
  async quoteNoForOrder(crmOrder: CrmSalesOrder): Promise<string | undefined> {
    const quoteId = crmOrder.values['_quoteid_value'];
    if (typeof quoteId !== 'string' || !quoteId) return undefined;
    const [quote] = await this.#deps.crm.getByIds('quote', [quoteId]);
    const number = clip(quote?.values['quotenumber']);
    if (!number) return undefined;
    const erpQuote = await this.#deps.orm.em.fork().findOne(SalesHeaderSchema, { documentType: 'Quote', yourReference: number });
    if (!erpQuote) this.#deps.logger.info({ crmOrderId: crmOrder.id, quote: number }, 'CRM order made from a quote the ERP does not have: no Quote No.');
    return erpQuote?.no;
  }

  /**
   * After an order was made from ERP quote `erpQuoteNo`: the quote is archived and deleted, as BC does. Its
   * SALESQUOTE-QUOTE coupling stays, so the won CRM quote counts as processed (the quote lives on in the archive).
   * Nothing happens when the quote is already gone.
   */
  async finishQuote(erpQuoteNo: string): Promise<void> {
    const quote = await this.#deps.orm.em.fork().findOne(SalesHeaderSchema, { no: erpQuoteNo, documentType: 'Quote' });
    if (!quote) return;
    const archived = await this.#deps.quotes.deleteSalesQuote(quote.no);
    this.#deps.logger.info({ erpQuoteNo, versionNo: archived?.versionNo }, 'ERP sales quote archived and deleted: an order was made from it');
  }

  async #processPage(rows: readonly Row[], onError?: (failure: QuoteFailure, error: unknown) => void, options: UnderLease = {}): Promise<QuoteReport> {
    const report: QuoteReport = { quotes: [], orders: [], failed: [] };
    const fail = (row: Row, error: unknown, crmOrderId?: string) => {
      const failure: QuoteFailure = {
        crmQuoteId: row.id,
        ...(crmOrderId ? { crmOrderId } : {}),
        quote: quoteLabel(row),
        code: error instanceof TandemError ? error.code : SalesQuoteErrorCodes.FAILED,
        message: error instanceof Error ? error.message : String(error),
        errorClass: classifyError(error),
      };
      report.failed.push(failure);
      onError?.(failure, error);
      this.#deps.logger.warn({ ...failure }, 'CRM quote not processed');
    };
    if (rows.length === 0) return report;
    const couplings = await this.#deps.state.couplingsBy(SALES_QUOTE, 'integration', rows.map((r) => r.id));
    for (const row of rows) {
      const coupling = couplings.get(row.id);
      if (coupling?.businessId) report.quotes.push({ crmQuoteId: row.id, erpQuoteNo: coupling.businessId, action: 'unchanged' });
    }
    const toSync = rows.filter((row) => !couplings.get(row.id)?.businessId);
    if (toSync.length > 0) {
      const page = await this.#loadPage(toSync);
      for (const quote of page.quotes) {
        try {
          const result = await this.#syncQuote(quote, page, options);
          report.quotes.push(result);
          couplings.set(quote.id, { businessId: result.erpQuoteNo, integrationId: quote.id } as Coupling);
        } catch (error) {
          fail(rows.find((r) => r.id === quote.id)!, error);
        }
      }
    }
    const won = rows.filter((row) => row.values['statecode'] === CrmQuoteState.WON && couplings.get(row.id)?.businessId);
    if (won.length > 0) {
      await this.#makeOrders(won, report, fail);
      await this.#finishOrderedQuotes(won, couplings, fail);
    }
    return report;
  }

  async #loadPage(rows: readonly Row[]) {
    const { crm, state, currencies, orm } = this.#deps;
    const quotes = await withLines(crm, rows);
    const refs = await loadReferences(crm, state, currencies, quotes);
    const em = orm.em.fork();
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    const numbers = [...new Set(quotes.map((q) => clip(q.values['quotenumber'])).filter((n): n is string => n !== null))];
    const existing = new Map<string, SalesHeader>();
    if (numbers.length > 0) {
      for (const header of await em.find(SalesHeaderSchema, { documentType: 'Quote', yourReference: { $in: numbers } })) existing.set(header.yourReference!, header);
    }
    const existingCouplings = await state.couplingsBy(SALES_QUOTE, 'business', [...existing.values()].map((h) => h.no));
    return { quotes, refs, setup, existing, existingCouplings };
  }

  /**
   * One quote not processed yet. An ERP quote with its number as Your Reference that is coupled to another CRM quote
   * is an earlier revision's: archived and revised, then coupled to this revision. One not coupled at all was made
   * by an interrupted run: coupled only. Otherwise a new ERP quote.
   */
  async #syncQuote(
    quote: CrmQuote,
    page: { refs: QuoteReferences; setup: ErpSetup | null; existing: Map<string, SalesHeader>; existingCouplings: Map<string, Coupling> },
    options: UnderLease,
  ): Promise<QuoteResult> {
    const { engine, quotes, logger } = this.#deps;
    if (!page.setup) throw erpErrors.setupMissing();
    const input = quoteInput(quote, page.refs, page.setup);
    const number = clip(quote.values['quotenumber']);
    const earlier = number ? page.existing.get(number) : undefined;
    if (earlier) {
      const coupling = page.existingCouplings.get(earlier.no);
      if (!coupling?.integrationId) {
        await engine.couple(SALES_QUOTE, earlier.no, quote.id, options);
        return { crmQuoteId: quote.id, erpQuoteNo: earlier.no, action: 'coupled' };
      }
      const revised = await quotes.reviseSalesQuote(earlier.no, input);
      await engine.uncouple(SALES_QUOTE, { businessId: earlier.no }, options);
      await engine.couple(SALES_QUOTE, earlier.no, quote.id, options);
      logger.info({ crmQuoteId: quote.id, erpQuoteNo: earlier.no, versionNo: revised.archived.versionNo }, 'ERP sales quote revised');
      return { crmQuoteId: quote.id, erpQuoteNo: earlier.no, action: 'revised', archivedVersionNo: revised.archived.versionNo };
    }
    const created = await quotes.createSalesQuote(input);
    await engine.couple(SALES_QUOTE, created.order.no, quote.id, options);
    logger.info({ crmQuoteId: quote.id, erpQuoteNo: created.order.no }, 'CRM quote processed into an ERP sales quote');
    return { crmQuoteId: quote.id, erpQuoteNo: created.order.no, action: 'created' };
  }

  /**
   * Won quotes: each submitted, untransferred CRM order made from one goes through the sales-order transfer (whose
   * hooks set Quote No. and archive the quote). A won quote without a submitted order gets no order (seed rule).
   */
  async #makeOrders(won: readonly Row[], report: QuoteReport, fail: (row: Row, error: unknown, crmOrderId?: string) => void): Promise<void> {
    const byId = new Map(won.map((row) => [row.id, row]));
    const orders: Row[] = [];
    const ids = [...byId.keys()];
    for (let start = 0; start < ids.length; start += IDS_PER_READ) {
      let after: Cursor | undefined;
      for (;;) {
        const page = await this.#deps.crm.readChanged('salesorder', {
          filter: { _quoteid_value: { $in: ids.slice(start, start + IDS_PER_READ) }, statecode: CrmOrderState.SUBMITTED },
          limit: QUOTE_PAGE,
          ...(after ? { after } : {}),
        });
        orders.push(...page.rows.filter((order) => !isTransferred(order.values)));
        if (page.rows.length < QUOTE_PAGE) break;
        const last = page.rows[page.rows.length - 1]!;
        after = { modifiedOn: last.modifiedOn, id: last.id };
      }
    }
    for (const order of orders) {
      const quote = byId.get(String(order.values['_quoteid_value']))!;
      try {
        const transferred = await this.#deps.transfer().createFromCrm(order.id);
        report.orders.push({ crmQuoteId: quote.id, crmOrderId: order.id, erpOrderNo: transferred.erpOrderNo });
      } catch (error) {
        fail(quote, error, order.id);
      }
    }
  }

  /**
   * Won quotes whose ERP quote an order already names (Quote No.) but that still exist — the transfer's
   * `afterTransfer` tap did not get to archive and delete them (it failed, or the order came another way): done now.
   */
  async #finishOrderedQuotes(won: readonly Row[], couplings: Map<string, Coupling>, fail: (row: Row, error: unknown) => void): Promise<void> {
    const quoteOf = new Map(won.map((row) => [couplings.get(row.id)!.businessId!, row]));
    const em = this.#deps.orm.em.fork();
    const quotes = await em.find(SalesHeaderSchema, { documentType: 'Quote', no: { $in: [...quoteOf.keys()] } });
    if (quotes.length === 0) return;
    const ordered = await em.find(SalesHeaderSchema, { documentType: 'Order', quoteNo: { $in: quotes.map((q) => q.no) } });
    for (const quoteNo of new Set(ordered.map((order) => order.quoteNo!))) {
      try {
        await this.finishQuote(quoteNo);
      } catch (error) {
        fail(quoteOf.get(quoteNo)!, error);
      }
    }
  }

  /** Active or Won, and the host's `quoteFilter`. */
  #quoteFilter(): Filter {
    const open: Filter = { statecode: { $in: [CrmQuoteState.ACTIVE, CrmQuoteState.WON] } };
    return this.#deps.quoteFilter ? { $and: [open, this.#deps.quoteFilter] } : open;
  }
}
