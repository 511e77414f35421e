import type { MikroORM } from '@mikro-orm/core';
import {
  TandemError,
  classifyError,
  type Clock,
  type Cursor,
  type ErrorClass,
  type Filter,
  type LeaseWaitOptions,
  type Logger,
  type Row,
  type StateStore,
  type SyncEngine,
  type TableStore,
} from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, SalesHeaderSchema, erpErrors, type CreateSalesOrderInput, type SalesOrderService } from '@tandem/erp';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import type { ArchivedOrdersReport, ArchivedSalesOrders } from './bidirectional/ArchivedSalesOrders';
import { coupleOrderLines } from './bidirectional/coupleOrderLines';
import { labelOf, readCrmSalesOrder, type CrmSalesOrder } from './CrmSalesOrder';
import type { CrmInvoicing, DeliveryReport } from './CrmInvoicing';
import { CrmOrderState, SALES_ORDER } from './names';
import { orderCurrencyCode } from './orderCurrency';
import { orderLines } from './orderLines';
import { SalesOrderErrorCodes } from './SalesOrderError';
import { salesOrderErrors } from './salesOrderErrors';
import type { SalesOrderTransferHooks } from './SalesOrderTransferHooks';
import { sellToCustomerNo } from './sellToCustomer';

/** Engine calls made under a lease the caller holds (a run's, handed to its `onJobEnd`). */
type UnderLease = Pick<LeaseWaitOptions, 'lease'>;

/** What `createFromCrm` did with one CRM order. */
export interface TransferResult {
  crmOrderId: string;
  erpOrderNo: string;
  /** `false` when the order was already coupled and only its transferred mark was missing (it is set now). */
  created: boolean;
}

/** One CRM order the automatic job could not transfer. */
export interface TransferFailure {
  crmOrderId: string;
  /** `ordernumber "name"`. */
  order: string;
  code: string;
  message: string;
  errorClass: ErrorClass;
}

/** What one automatic pass did: each submitted order is either transferred or failed, on its own. */
export interface TransferReport {
  transferred: TransferResult[];
  failed: TransferFailure[];
}

export interface SalesOrderTransferDeps {
  orm: MikroORM;
  crm: TableStore;
  state: StateStore;
  engine: SyncEngine;
  sales: SalesOrderService;
  currencies: CurrencyLookup;
  hooks: SalesOrderTransferHooks;
  invoicing: CrmInvoicing;
  clock: Clock;
  logger: Logger;
  autoCreate: boolean;
  /**
   * Bidirectional mode: a transferred order is released, its lines coupled (SOLINE-ORDERDETAIL), the CRM order gets
   * the ERP order no. too, and the pair is settled at once (SALESORDER-ORDER toward the CRM).
   */
  bidirectional?: boolean;
  /** Bidirectional mode: the archived-orders job, run by `runAutomatic` after the transfer. */
  archivedOrders?: ArchivedSalesOrders;
  orderFilter?: Filter;
}

const ORDER_PAGE = 200;
/** ERP Your Reference and External Document No. hold 35 characters. */
const REFERENCE_LENGTH = 35;

/**
 * CRM order → ERP order (reference §6.1, CU 5343/5349). `createFromCrm` is the on-demand action; `createSubmittedOrders`
 * the "Automatically Create Sales Orders" job; `runAutomatic` what every run of SALESORDER-ORDER does. Provided to
 * hosts and other plugins as `SALES_ORDER_TRANSFER`.
 */
export class SalesOrderTransfer {
  readonly #deps: SalesOrderTransferDeps;

  constructor(deps: SalesOrderTransferDeps) {
    this.#deps = deps;
  }

  /** Whether the automatic job creates orders (the plugin option `autoCreateSalesOrders`, or bidirectional mode). */
  get autoCreate(): boolean {
    return this.#deps.autoCreate || this.#deps.bidirectional === true;
  }

  /**
   * Creates the ERP order for one submitted CRM order, couples the pair (SALESORDER-ORDER) and marks the CRM order
   * transferred (`lastbackofficesubmit` = today). A broken rule throws a `TANDEM_SALES_ORDER_*` (or `TANDEM_ERP_*`)
   * error and creates nothing. An order coupled before whose mark is missing (the CRM write failed) only gets the mark
   * (`created: false`); one coupled and marked → `TANDEM_SALES_ORDER_ALREADY_COUPLED`.
   */
  async createFromCrm(crmOrderId: string, options: UnderLease = {}): Promise<TransferResult> {
    const { crm, state } = this.#deps;
    const order = await readCrmSalesOrder(crm, crmOrderId);
    const coupled = await state.findCoupling(SALES_ORDER, 'integration', order.id);
    if (coupled?.businessId) {
      if (isTransferred(order.values)) throw salesOrderErrors.alreadyCoupled(order.label, coupled.businessId);
      await this.#markTransferred(order, coupled.businessId);
      return { crmOrderId: order.id, erpOrderNo: coupled.businessId, created: false };
    }
    if (order.values['statecode'] !== CrmOrderState.SUBMITTED) throw salesOrderErrors.notSubmitted(order.label, order.values['statecode']);
    const erpOrderNo = await this.#createErpOrder(order);
    if (this.#deps.bidirectional) await this.#deps.sales.releaseSalesOrder(erpOrderNo);
    await this.#deps.engine.couple(SALES_ORDER, erpOrderNo, order.id, options);
    if (this.#deps.bidirectional) {
      const { orm, state, crm, logger, clock } = this.#deps;
      await coupleOrderLines({ orm, state, crm, logger, now: clock.now() }, erpOrderNo, order.lines);
    }
    await this.#markTransferred(order, erpOrderNo);
    // The ERP filled what the CRM order left open (addresses, owner, terms): send it now, so no later run has to.
    if (this.#deps.bidirectional) await this.#deps.engine.syncRecord(SALES_ORDER, { businessId: erpOrderNo }, 'toIntegration', options);
    await this.#deps.hooks.afterTransfer.promise({ crmOrder: order, erpOrderNo });
    this.#deps.logger.info({ crmOrderId: order.id, erpOrderNo }, 'CRM sales order transferred to the ERP');
    return { crmOrderId: order.id, erpOrderNo, created: true };
  }

  /**
   * The automatic job: every CRM order that is Submitted and not yet transferred (`lastbackofficesubmit` empty),
   * one by one, each its own error boundary: a failing order is reported and the next one goes on. Failed orders stay
   * untransferred, so the next pass tries them again.
   */
  async createSubmittedOrders(options: UnderLease = {}): Promise<TransferReport> {
    const report: TransferReport = { transferred: [], failed: [] };
    for (const row of await this.#submittedOrders()) {
      try {
        report.transferred.push(await this.createFromCrm(row.id, options));
      } catch (error) {
        const failure = {
          crmOrderId: row.id,
          order: labelOf(row),
          code: error instanceof TandemError ? error.code : SalesOrderErrorCodes.FAILED,
          message: error instanceof Error ? error.message : String(error),
          errorClass: classifyError(error),
        };
        report.failed.push(failure);
        this.#deps.logger.warn(failure, 'CRM sales order not transferred');
      }
    }
    return report;
  }

  /**
   * What each run of SALESORDER-ORDER does after its pass from the CRM: deliver the CRM updates of posted orders
   * still pending (one-way mode), then, with `autoCreateSalesOrders` or in bidirectional mode, transfer the submitted
   * orders, and in bidirectional mode run the archived-orders job. Also the entry point for a scheduler. Called
   * inside a run of SALESORDER-ORDER, it is given that run's lease (`JobContext.lease`) for its engine calls.
   */
  async runAutomatic(options: UnderLease = {}): Promise<{ invoicing: DeliveryReport; transfer?: TransferReport; archived?: ArchivedOrdersReport }> {
    const invoicing = await this.#deps.invoicing.deliverPending();
    if (!this.autoCreate) return { invoicing };
    const transfer = await this.createSubmittedOrders(options);
    if (!this.#deps.archivedOrders) return { invoicing, transfer };
    return { invoicing, transfer, archived: await this.#deps.archivedOrders.run() };
  }

  /** All submitted, untransferred CRM orders (read in full before any is changed, so paging is not disturbed). */
  async #submittedOrders(): Promise<Row[]> {
    const rows: Row[] = [];
    let after: Cursor | undefined;
    for (;;) {
      const page = await this.#deps.crm.readChanged('salesorder', {
        filter: this.#submittedFilter(),
        limit: ORDER_PAGE,
        ...(after ? { after } : {}),
      });
      rows.push(...page.rows);
      if (page.rows.length < ORDER_PAGE) return rows;
      const last = page.rows[page.rows.length - 1]!;
      after = { modifiedOn: last.modifiedOn, id: last.id };
    }
  }

  /** Submitted, not transferred (blank or 1900-01-01), and the host's `orderFilter`. */
  #submittedFilter(): Filter {
    const submitted: Filter = { statecode: CrmOrderState.SUBMITTED, $or: [{ lastbackofficesubmit: null }, { lastbackofficesubmit: '1900-01-01' }] };
    return this.#deps.orderFilter ? { $and: [submitted, this.#deps.orderFilter] } : submitted;
  }

  /**
   * Checks every rule, then creates the ERP order in one transaction. An ERP order that an earlier attempt created
   * but could not couple (a crash in between) is found by its Your Reference and reused instead of made twice.
   */
  async #createErpOrder(order: CrmSalesOrder): Promise<string> {
    const { orm, crm, state, sales } = this.#deps;
    const em = orm.em.fork();
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    if (!setup) throw erpErrors.setupMissing();
    const { customerNo, account } = await sellToCustomerNo(crm, state, order);
    const currencyCode = await orderCurrencyCode(crm, this.#deps.currencies, order, setup.localCurrencyCode);
    const lines = await orderLines(state, order, setup.writeInItemNo, { shipmentDates: this.#deps.bidirectional === true });
    const yourReference = clip(order.values['ordernumber']);
    const externalDocumentNo = clip(order.values['name']);
    if (yourReference) {
      const earlier = await em.findOne(SalesHeaderSchema, { documentType: 'Order', yourReference, sellToCustomerNo: customerNo });
      if (earlier && !(await state.findCoupling(SALES_ORDER, 'business', earlier.no))) return earlier.no;
    }
    const input: CreateSalesOrderInput = {
      customerNo,
      currencyCode,
      yourReference,
      externalDocumentNo,
      requestedDeliveryDate: dateOnly(order.values['requestdeliveryby']),
      lines,
    };
    await this.#deps.hooks.beforeCreateErpOrder.promise({ crmOrder: order, account, input });
    return (await sales.createSalesOrder(input)).order.no;
  }

  async #markTransferred(order: CrmSalesOrder, erpOrderNo: string): Promise<void> {
    const today = this.#deps.clock.now().toISOString().slice(0, 10);
    const values: Record<string, unknown> = { lastbackofficesubmit: today };
    if (this.#deps.bidirectional) values['businesscentralordernumber'] = erpOrderNo;
    const [result] = await this.#deps.crm.write('salesorder', [{ kind: 'update', ref: order.id, id: order.id, values }]);
    if (!result?.ok) throw salesOrderErrors.crmWriteFailed(`mark CRM sales order ${order.label} as transferred`, result?.ok === false ? result.error : new Error('no result'));
  }
}

/** `lastbackofficesubmit` set (BC also treats 1900-01-01 as blank). */
export function isTransferred(values: Record<string, unknown>): boolean {
  const mark = dateOnly(values['lastbackofficesubmit']);
  return mark !== null && mark !== '1900-01-01';
}

/** A CRM date-only value (`yyyy-mm-dd` text, or a `Date` at midnight UTC) as the ERP's `YYYY-MM-DD`. */
export function dateOnly(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && value ? value.slice(0, 10) : null;
}

function clip(value: unknown): string | null {
  return typeof value === 'string' && value ? value.slice(0, REFERENCE_LENGTH) : null;
}
