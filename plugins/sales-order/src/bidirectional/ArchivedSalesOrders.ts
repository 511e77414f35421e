import type { MikroORM } from '@mikro-orm/core';
import { CouplingSchema, TandemError, classifyError, type Clock, type Logger, type Row, type StateStore, type TableStore } from '@tandem/core';
import {
  SalesHeaderArchiveSchema,
  SalesHeaderSchema,
  SalesInvoiceHeaderSchema,
  SalesLineArchiveSchema,
  type ArchivedSalesDocumentContext,
} from '@tandem/erp';
import { ITEM_PRODUCT_MAPPING, SALES_ORDER, SALES_ORDER_LINE } from '../names';
import { SalesOrderErrorCodes } from '../SalesOrderError';
import { salesOrderErrors } from '../salesOrderErrors';
import type { TransferFailure } from '../SalesOrderTransfer';
import { archivedOrderChanges } from './archivedOrderChanges';
import { ArchivedOrderUpdateSchema, type ArchivedOrderUpdate } from './ArchivedOrderUpdate';

/** What one pass of the archived-orders job did. */
export interface ArchivedOrdersReport {
  /** CRM orders updated from a new archived version (including those already in step). */
  updated: { erpOrderNo: string; crmOrderId: string; versionNo: number; invoiced: boolean }[];
  /** Orders whose update failed: they stay pending and are tried again on the next pass. */
  failed: TransferFailure[];
}

export interface ArchivedSalesOrdersDeps {
  orm: MikroORM;
  crm: TableStore;
  state: StateStore;
  clock: Clock;
  logger: Logger;
}

const LINE_PAGE = 500;

/**
 * BC's "Archived Sales Orders" job (CU 5366, reference §6.2), bidirectional mode: when a coupled ERP order is archived
 * (on demand, or on posting), its CRM order is updated from the latest archived version — date fulfilled, discount %,
 * its lines deleted / updated / created with the archived quantities and amounts — and an invoiced (posted) version
 * makes the CRM order Invoiced. `record` runs inside the archiving transaction; `run` is the job (every run of
 * SALESORDER-ORDER calls it). Provided to hosts as `ARCHIVED_SALES_ORDERS`.
 */
export class ArchivedSalesOrders {
  readonly #deps: ArchivedSalesOrdersDeps;

  constructor(deps: ArchivedSalesOrdersDeps) {
    this.#deps = deps;
  }

  /** Inside the archiving transaction: remembers an archived version of an order coupled in SALESORDER-ORDER. */
  async record(context: ArchivedSalesDocumentContext): Promise<void> {
    if (context.documentType !== 'Order') return;
    const coupling = await context.em.findOne(CouplingSchema, { mapping: SALES_ORDER, businessId: context.no });
    if (!coupling?.integrationId) return;
    const occurrence = context.header.docNoOccurrence;
    const key = `${context.no}#${occurrence}`;
    const existing = await context.em.findOne(ArchivedOrderUpdateSchema, { key });
    if (existing) {
      await context.em.nativeUpdate(ArchivedOrderUpdateSchema, { key }, { versionNo: context.versionNo, archivedAt: context.header.archivedAt, attempts: 0, lastError: null });
      return;
    }
    await context.em.insert(ArchivedOrderUpdateSchema, {
      key, erpOrderNo: context.no, docNoOccurrence: occurrence, crmOrderId: coupling.integrationId, versionNo: context.versionNo,
      sentVersionNo: null, archivedAt: context.header.archivedAt, attempts: 0, lastError: null, lastAttemptAt: null,
    });
  }

  /** Archived orders whose CRM order has not been updated from their latest version, oldest first. */
  async pending(): Promise<ArchivedOrderUpdate[]> {
    const rows = await this.#deps.orm.em.fork().find(ArchivedOrderUpdateSchema, {}, { orderBy: { archivedAt: 'asc', key: 'asc' } });
    return rows.filter((row) => row.sentVersionNo === null || row.sentVersionNo < row.versionNo);
  }

  /** The job: each pending order on its own (a failure is reported, kept pending, and the next order goes on). */
  async run(): Promise<ArchivedOrdersReport> {
    const report: ArchivedOrdersReport = { updated: [], failed: [] };
    const em = this.#deps.orm.em.fork();
    for (const row of await this.pending()) {
      try {
        const invoiced = await this.#update(row);
        await em.nativeUpdate(ArchivedOrderUpdateSchema, { key: row.key }, { sentVersionNo: row.versionNo, attempts: 0, lastError: null, lastAttemptAt: this.#deps.clock.now() });
        report.updated.push({ erpOrderNo: row.erpOrderNo, crmOrderId: row.crmOrderId, versionNo: row.versionNo, invoiced });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await em.nativeUpdate(ArchivedOrderUpdateSchema, { key: row.key }, { attempts: row.attempts + 1, lastError: message.slice(0, 2000), lastAttemptAt: this.#deps.clock.now() });
        const failure: TransferFailure = {
          crmOrderId: row.crmOrderId, order: row.erpOrderNo,
          code: error instanceof TandemError ? error.code : SalesOrderErrorCodes.FAILED, message, errorClass: classifyError(error),
        };
        report.failed.push(failure);
        this.#deps.logger.warn({ ...failure }, 'CRM order not updated from the ERP archive; tried again next run');
      }
    }
    return report;
  }

  /** Updates one CRM order from the latest archived version; returns whether that version is the invoiced one. */
  async #update(row: ArchivedOrderUpdate): Promise<boolean> {
    const { orm, crm, state } = this.#deps;
    const em = orm.em.fork();
    const key = { documentType: 'Order' as const, no: row.erpOrderNo, docNoOccurrence: row.docNoOccurrence };
    const header = await em.findOne(SalesHeaderArchiveSchema, key, { orderBy: { versionNo: 'desc' } });
    if (!header) throw salesOrderErrors.archiveMissing(row.erpOrderNo, row.docNoOccurrence);
    const archivedLines = await em.find(SalesLineArchiveSchema, { documentType: 'Order', documentNo: row.erpOrderNo, docNoOccurrence: row.docNoOccurrence, versionNo: header.versionNo }, { orderBy: { lineNo: 'asc' } });
    const stillOpen = await em.findOne(SalesHeaderSchema, { no: row.erpOrderNo, documentType: 'Order' });
    const invoice = stillOpen ? null : await em.findOne(SalesInvoiceHeaderSchema, { orderNo: row.erpOrderNo }, { orderBy: { postingDate: 'desc' } });
    const [crmOrder] = await crm.getByIds('salesorder', [row.crmOrderId]);
    if (!crmOrder) {
      this.#deps.logger.warn({ erpOrderNo: row.erpOrderNo, crmOrderId: row.crmOrderId }, 'CRM order of an archived ERP order no longer exists');
      return invoice !== null;
    }
    const items = [...new Set(archivedLines.map((l) => l.no))];
    const products = await state.couplingsBy(ITEM_PRODUCT_MAPPING, 'business', items);
    const productOf = new Map([...products.entries()].filter(([, c]) => c.integrationId).map(([item, c]) => [item, c.integrationId!]));
    const changes = archivedOrderChanges({
      crmOrder, crmLines: await this.#crmLines(crmOrder.id), archivedLines, invoiced: invoice !== null,
      fulfilledOn: invoice?.postingDate ?? null, productOf,
    });
    if (changes.lineOperations.length > 0) {
      const results = await crm.write('salesorderdetail', changes.lineOperations);
      const refused = results.find((r) => !r.ok);
      if (refused && !refused.ok) throw salesOrderErrors.crmWriteFailed(`update the lines of CRM order ${row.crmOrderId} from archived ERP order ${row.erpOrderNo}`, refused.error);
    }
    if (changes.deletedLines.length > 0) {
      const couplings = await state.couplingsBy(SALES_ORDER_LINE, 'integration', changes.deletedLines);
      if (couplings.size > 0) await orm.em.fork().nativeDelete(CouplingSchema, { id: { $in: [...couplings.values()].map((c) => c.id) } });
    }
    if (Object.keys(changes.header).length > 0) {
      const [result] = await crm.write('salesorder', [{ kind: 'update', ref: row.crmOrderId, id: row.crmOrderId, values: changes.header }]);
      if (!result?.ok) throw salesOrderErrors.crmWriteFailed(`update CRM order ${row.crmOrderId} from archived ERP order ${row.erpOrderNo}`, result?.ok === false ? result.error : new Error('no result'));
    }
    return invoice !== null;
  }

  async #crmLines(orderId: string): Promise<Row[]> {
    const lines: Row[] = [];
    let after: Row | undefined;
    for (;;) {
      const page = await this.#deps.crm.readChanged('salesorderdetail', {
        filter: { _salesorderid_value: orderId }, limit: LINE_PAGE, ...(after ? { after: { modifiedOn: after.modifiedOn, id: after.id } } : {}),
      });
      lines.push(...page.rows);
      if (page.rows.length < LINE_PAGE) return lines;
      after = page.rows[page.rows.length - 1];
    }
  }
}
