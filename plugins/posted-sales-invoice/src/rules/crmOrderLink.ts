import { isEmpty, type HostServices, type Row, type TransformContext, type WriteContext } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { CurrencyPriceLists } from '../CurrencyPriceLists';
import { postedInvoiceErrors } from '../errors';
import { text, type InvoicePageData, type InvoicePages } from '../InvoicePage';

/**
 * Reference §6.3 "Before insert" — who the invoice is for, and what it belongs to:
 * - Your Reference equals the number of a CRM order (an order made from the CRM keeps its number there): the invoice
 *   takes the order's `salesorderid`, `opportunityid`, `pricelevelid`, `name` and `customerid`. The order's customer
 *   must still be the account the invoice's sell-to customer is coupled to (CUSTOMER); otherwise — the customer
 *   changed, or it is not coupled — `TANDEM_POSTED_INVOICE_ORDER_CUSTOMER_CHANGED` with BC's text.
 * - Otherwise `name` := the invoice no.; `customerid` := the coupled account; the price list is chosen by currency
 *   (`CurrencyPriceLists`).
 * `apply` (`onAfterTransform`) only reads, since a dry run calls it too. What needs a write is left to `beforeInsert`
 * (`onBeforeInsert`), for a new invoice: a customer not coupled yet is synchronized first
 * (`engine.syncRecord('CUSTOMER', …)`, BC: "the customer account is synced"; failing that,
 * `TANDEM_POSTED_INVOICE_CUSTOMER_NOT_COUPLED`), and the default price list or a currency's list is made if absent.
 * Values are written only where they differ from the CRM invoice (a re-run writes nothing).
 */
export class CrmOrderLink {
  constructor(
    private readonly services: () => HostServices,
    private readonly pages: InvoicePages,
    private readonly priceLists: CurrencyPriceLists,
  ) {}

  async apply(context: TransformContext): Promise<void> {
    const invoiceNo = context.source.id;
    const page = await this.pages.of(context.job.id, context.source);
    const customerNo = text(context.source.values.sellToCustomerNo);
    const reference = text(context.source.values.yourReference);
    const order = reference ? page.ordersByNumber.get(reference) : undefined;
    const values = order
      ? this.#fromOrder(invoiceNo, reference, order, page.accountOfCustomer.get(customerNo), customerNo)
      : await this.#own(context, invoiceNo, customerNo);
    for (const [field, value] of Object.entries(values)) {
      if (context.action === 'insert' && isEmpty(value)) continue;
      if (!sameValue(value, context.destination?.values[field])) context.changes[field] = value;
    }
  }

  #fromOrder(invoiceNo: string, orderNumber: string, order: Row, account: string | undefined, customerNo: string): Record<string, unknown> {
    const orderCustomer = text(order.values._customerid_value).toLowerCase();
    if (!account || account.toLowerCase() !== orderCustomer) {
      const invoiceSide = account ? `its customer ${customerNo} is coupled to account ${account}` : `its customer ${customerNo} is not coupled to a CRM account`;
      throw postedInvoiceErrors.orderCustomerChanged(invoiceNo, orderNumber, `${invoiceSide}, while the order is for ${orderCustomer || 'no customer'}`);
    }
    return {
      _salesorderid_value: order.id,
      _opportunityid_value: order.values._opportunityid_value ?? null,
      _pricelevelid_value: order.values._pricelevelid_value ?? null,
      name: order.values.name ?? invoiceNo,
      _customerid_value: orderCustomer,
    };
  }

  async #own(context: TransformContext, invoiceNo: string, customerNo: string): Promise<Record<string, unknown>> {
    const page = await this.pages.of(context.job.id, context.source);
    const account = page.accountOfCustomer.get(customerNo);
    const currencyId = context.changes._transactioncurrencyid_value ?? context.destination?.values._transactioncurrencyid_value;
    if (isEmpty(currencyId)) throw postedInvoiceErrors.currencyMissing(invoiceNo);
    const priceList = await this.priceLists.find(invoiceNo, String(currencyId));
    if (context.action === 'insert' && (!account || !priceList)) {
      page.pending.set(invoiceNo, { ...(account ? {} : { customerNo }), ...(priceList ? {} : { currencyId: String(currencyId) }) });
    }
    // An existing invoice whose customer is no longer coupled, or whose list is not found, keeps what it has.
    return {
      _salesorderid_value: null,
      _opportunityid_value: null,
      name: invoiceNo,
      ...(account ? { _customerid_value: account } : {}),
      ...(priceList ? { _pricelevelid_value: priceList } : {}),
    };
  }

  /** `onBeforeInsert`: the customer and price list `apply` could not give without writing. */
  async beforeInsert(context: WriteContext): Promise<void> {
    const page = await this.pages.of(context.job.id, context.source);
    const pending = page.pending.get(context.source.id);
    if (!pending) return;
    if (pending.customerNo) context.values._customerid_value = await this.#syncCustomer(context.source.id, pending.customerNo, page);
    if (pending.currencyId) context.values._pricelevelid_value = await this.priceLists.forCurrency(context.source.id, pending.currencyId);
  }

  async #syncCustomer(invoiceNo: string, customerNo: string, page: InvoicePageData): Promise<string> {
    const services = this.services();
    let reason = 'CUSTOMER passed it over (is it blocked?)';
    try {
      const outcome = await services.engine.syncRecord(CUSTOMER, { businessId: customerNo }, 'toIntegration');
      if (outcome.error) reason = outcome.error;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    const account = (await services.state.findCoupling(CUSTOMER, 'business', customerNo))?.integrationId;
    if (!account) throw postedInvoiceErrors.customerNotCoupled(invoiceNo, customerNo, reason);
    page.accountOfCustomer.set(customerNo, account);
    return account;
  }
}

/** Ids compare without case; empty, null and undefined are equal. */
function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  return text(a).toLowerCase() === text(b).toLowerCase();
}
