import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { CouplingSchema, deterministicId, type Clock, type Logger, type TableStore } from '@tandem/core';
import type { PostedSalesOrderContext } from '@tandem/erp';
import { labelOf } from './CrmSalesOrder';
import { crmPostText } from './crmPostText';
import { CRM_ORDER_STATUS_INVOICED, CrmOrderState, SALES_ORDER } from './names';
import { PendingCrmInvoicingSchema, type PendingCrmInvoicing } from './PendingCrmInvoicing';
import { salesOrderErrors } from './salesOrderErrors';
import { orderAccount } from './sellToCustomer';

/** What one delivery pass did. */
export interface DeliveryReport {
  delivered: number;
  /** Rows that are still pending (the CRM could not be reached or refused); tried again next time. */
  failed: number;
}

export interface CrmInvoicingDeps {
  orm: MikroORM;
  crm: TableStore;
  clock: Clock;
  logger: Logger;
  erpName: string;
}

/** Post ids are derived from the ERP order no., so a post delivered twice (lost answer, crash) is still one post. */
const POST_ID_NAMESPACE = 'SALESORDER-POST';

/**
 * When the ERP posts an order made from a CRM order (BC CU 5346): the CRM order becomes Invoiced and the account's
 * wall gets a post. The CRM cannot join the ERP's transaction, so the work is split:
 *
 * 1. `record` (tapped on `afterPostSalesOrder`, inside the posting transaction) writes a `PendingCrmInvoicing` row
 *    for a coupled order: it commits exactly when the post commits;
 * 2. `deliverPending` (tapped on `afterPostSalesOrderCommit`, and run again by every run of SALESORDER-ORDER) makes the
 *    CRM changes and deletes the row; a failure leaves the row with its error and attempt count for the next try.
 */
export class CrmInvoicing {
  readonly #deps: CrmInvoicingDeps;

  constructor(deps: CrmInvoicingDeps) {
    this.#deps = deps;
  }

  /** Inside the posting transaction: remembers the CRM work of a posted order, when it is coupled to a CRM order. */
  async record(context: PostedSalesOrderContext): Promise<void> {
    const coupling = await context.em.findOne(CouplingSchema, { mapping: SALES_ORDER, businessId: context.orderNo });
    if (!coupling?.integrationId) return;
    await context.em.insert(PendingCrmInvoicingSchema, {
      erpOrderNo: context.orderNo,
      invoiceNo: context.invoiceNo,
      crmOrderId: coupling.integrationId,
      orderName: context.externalDocumentNo,
      postedAt: this.#deps.clock.now(),
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
    });
  }

  /** The rows still waiting for the CRM, oldest first. */
  async pending(): Promise<PendingCrmInvoicing[]> {
    return this.#deps.orm.em.fork().find(PendingCrmInvoicingSchema, {}, { orderBy: { postedAt: 'asc', erpOrderNo: 'asc' } });
  }

  /** Delivers the pending rows (or the one of `erpOrderNo`), each on its own; never throws for a row. */
  async deliverPending(filter: { erpOrderNo?: string } = {}): Promise<DeliveryReport> {
    const em = this.#deps.orm.em.fork();
    const rows = await em.find(PendingCrmInvoicingSchema, filter.erpOrderNo ? { erpOrderNo: filter.erpOrderNo } : {}, { orderBy: { postedAt: 'asc', erpOrderNo: 'asc' } });
    const report: DeliveryReport = { delivered: 0, failed: 0 };
    for (const row of rows) {
      try {
        await this.#deliver(row);
        await em.nativeDelete(PendingCrmInvoicingSchema, { erpOrderNo: row.erpOrderNo });
        report.delivered++;
      } catch (error) {
        report.failed++;
        const message = error instanceof Error ? error.message : String(error);
        await this.#recordFailure(em, row, message);
        this.#deps.logger.warn({ erpOrderNo: row.erpOrderNo, crmOrderId: row.crmOrderId, error: message }, 'CRM order not yet marked invoiced; will retry');
      }
    }
    return report;
  }

  async #deliver(row: PendingCrmInvoicing): Promise<void> {
    const { crm, erpName } = this.#deps;
    const [orderRow] = await crm.getByIds('salesorder', [row.crmOrderId]);
    if (!orderRow) {
      // The CRM order was deleted: there is nothing left to mark.
      this.#deps.logger.warn({ erpOrderNo: row.erpOrderNo, crmOrderId: row.crmOrderId }, 'CRM order of a posted ERP order no longer exists');
      return;
    }
    const order = { id: orderRow.id, label: labelOf(orderRow), values: orderRow.values, lines: [] };
    if (orderRow.values['statecode'] !== CrmOrderState.INVOICED) {
      await this.#write('salesorder', 'mark CRM sales order ' + order.label + ' as invoiced', {
        kind: 'update', ref: row.erpOrderNo, id: order.id, values: { statecode: CrmOrderState.INVOICED, statuscode: CRM_ORDER_STATUS_INVOICED },
      });
    }
    const { account } = await orderAccount(crm, order);
    const name = row.orderName ?? String(orderRow.values['name'] ?? row.erpOrderNo);
    const text = crmPostText.invoicePosted(row.invoiceNo, name, erpName);
    await this.#write('post', `write the post on account "${account.name}"`, {
      kind: 'insert', ref: row.erpOrderNo, id: deterministicId(POST_ID_NAMESPACE, row.erpOrderNo),
      values: { text, largetext: text, source: 1, type: 7, regardingobjectid: { table: 'account', id: account.id } },
    });
  }

  async #write(table: string, what: string, operation: Parameters<TableStore['write']>[1][number]): Promise<void> {
    const [result] = await this.#deps.crm.write(table, [operation]);
    if (!result?.ok) throw salesOrderErrors.crmWriteFailed(what, result?.ok === false ? result.error : new Error('no result'));
  }

  async #recordFailure(em: EntityManager, row: PendingCrmInvoicing, message: string): Promise<void> {
    await em.nativeUpdate(PendingCrmInvoicingSchema, { erpOrderNo: row.erpOrderNo }, {
      attempts: row.attempts + 1, lastError: message.slice(0, 2000), lastAttemptAt: this.#deps.clock.now(),
    });
  }
}
