import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { CustomerSchema, type Customer } from '../entities/Customer';
import type { ErpSetup } from '../entities/ErpSetup';
import { ItemSchema } from '../entities/Item';
import { PaymentTermsSchema } from '../entities/PaymentTerms';
import { SALES_DOCUMENT_TYPES, SalesHeaderSchema, type SalesDocumentType, type SalesHeader } from '../entities/SalesHeader';
import { SalesInvoiceHeaderSchema, type SalesInvoiceHeader } from '../entities/SalesInvoiceHeader';
import { SalesInvoiceLineSchema, type SalesInvoiceLine } from '../entities/SalesInvoiceLine';
import { SalesLineSchema, type SalesLine } from '../entities/SalesLine';
import { SalespersonSchema } from '../entities/Salesperson';
import { ShipmentMethodSchema } from '../entities/ShipmentMethod';
import { ShippingAgentSchema } from '../entities/ShippingAgent';
import { erpErrors } from '../errors/erpErrors';
import { Dec } from '../money/Decimal';
import { createInvoiceEntries } from '../ledger/postInvoiceEntries';
import { refreshInventory } from '../ledger/refreshInventory';
import { takeNextNo } from '../numbering/NoSeriesService';
import { archiveSalesDocument, nextDocNoOccurrence } from './archiveSalesDocument';
import { documentCurrency, type DocumentCurrency } from './documentCurrency';
import { HEADER_FIELDS, LINE_FIELDS, pick } from './documentFieldNames';
import { dueDate } from './dueDate';
import { blankToNull, checkCode, checkDate, loadSetup, requireSetup } from './inputChecks';
import { lineAmounts } from './lineAmounts';
import type { CreateSalesOrderInput, OperationOptions, PostOptions, SalesOrderLineInput } from './SalesOrderInput';
import { getSalesOrderHooks, createSalesOrderHooks, type SalesOrderHooks } from './SalesOrderHooks';
import type { PostedSalesOrderContext } from './SalesOrderContexts';

/** An order with its lines, in line order. */
export interface SalesOrderDocument {
  order: SalesHeader;
  lines: SalesLine[];
}

/** A posted invoice with its lines. */
export interface PostedSalesInvoice {
  invoice: SalesInvoiceHeader;
  lines: SalesInvoiceLine[];
}

export interface SalesOrderServiceOptions {
  /** The hooks to raise; default a set of its own. Share them with plugins through `SalesOrderService.getHooks(owner)`. */
  hooks?: SalesOrderHooks;
  /** The clock for default dates and stamps; default the system clock. */
  clock?: () => Date;
}

const UNIT_PRICE_PRECISION = Dec.of('0.00001');

/**
 * The ERP's sales-order operations: create an order (with lines), add a line, release, reopen, and post to an
 * invoice. Each operation is one transaction, checks NAV's rules and fails with an `ErpError` whose code names the
 * rule. Every row it writes gets a fresh `systemId` on insert and the current time in `modifiedAt`.
 */
export class SalesOrderService {
  readonly hooks: SalesOrderHooks;
  readonly #orm: MikroORM;
  readonly #clock: () => Date;

  /** The hooks owned by `owner` (webpack's `getCompilationHooks` pattern); see `getSalesOrderHooks`. */
  static getHooks(owner: object): SalesOrderHooks {
    return getSalesOrderHooks(owner);
  }

  constructor(orm: MikroORM, options: SalesOrderServiceOptions = {}) {
    this.#orm = orm;
    this.hooks = options.hooks ?? createSalesOrderHooks();
    this.#clock = options.clock ?? (() => new Date());
  }

  /** The order and its lines, or `TANDEM_ERP_ORDER_NOT_FOUND`. */
  async getSalesOrder(no: string, options: OperationOptions = {}): Promise<SalesOrderDocument> {
    return this.#transaction(options, async (em) => this.#loadOrder(em, no));
  }

  /** Creates an Open order for a customer, with its lines. */
  async createSalesOrder(input: CreateSalesOrderInput, options: OperationOptions = {}): Promise<SalesOrderDocument> {
    return this.#transaction(options, async (em) => {
      const setup = await loadSetup(em);
      const documentType: SalesDocumentType = input.documentType ?? 'Order';
      if (!SALES_DOCUMENT_TYPES.includes(documentType)) throw erpErrors.valueInvalid('documentType', input.documentType, `one of ${SALES_DOCUMENT_TYPES.join(', ')}`);
      const customerNo = blankToNull(input.customerNo);
      if (customerNo === null) throw erpErrors.valueInvalid('customerNo', input.customerNo, 'a customer number');
      const customer = await em.findOne(CustomerSchema, { no: customerNo });
      if (!customer) throw erpErrors.customerNotFound(customerNo);
      if (customer.blocked === 'All') throw erpErrors.customerBlocked(customer.no, customer.blocked, 'created');
      const orderDate = input.orderDate === undefined ? this.#today() : checkDate(input.orderDate, 'orderDate');
      const requestedDeliveryDate = blankToNull(input.requestedDeliveryDate);
      if (requestedDeliveryDate !== null) checkDate(requestedDeliveryDate, 'requestedDeliveryDate');
      const quoteValidUntilDate = blankToNull(input.quoteValidUntilDate);
      if (quoteValidUntilDate !== null) checkDate(quoteValidUntilDate, 'quoteValidUntilDate');
      const currency = await documentCurrency(em, setup, input.currencyCode === undefined ? customer.currencyCode : input.currencyCode, orderDate);
      const own = <T>(given: T | undefined, fallback: T) => (given === undefined ? fallback : given);
      const codes = {
        salespersonCode: await checkCode(em, SalespersonSchema, 'Salesperson', own(input.salespersonCode, customer.salespersonCode)),
        paymentTermsCode: await checkCode(em, PaymentTermsSchema, 'Payment terms', own(input.paymentTermsCode, customer.paymentTermsCode)),
        shipmentMethodCode: await checkCode(em, ShipmentMethodSchema, 'Shipment method', own(input.shipmentMethodCode, customer.shipmentMethodCode)),
        shippingAgentCode: await checkCode(em, ShippingAgentSchema, 'Shipping agent', own(input.shippingAgentCode, customer.shippingAgentCode)),
      };
      const no = blankToNull(input.no) ?? (await takeNextNo(em, requireSetup(setup, documentType === 'Quote' ? 'quoteNos' : 'orderNos')));
      if (await em.findOne(SalesHeaderSchema, { no })) throw erpErrors.orderExists(no);
      const docNoOccurrence = await nextDocNoOccurrence(em, documentType, no);
      const shipTo = input.shipTo;
      const now = this.#clock();
      const order = em.create(SalesHeaderSchema, {
        no, documentType, status: 'Open', docNoOccurrence,
        quoteNo: blankToNull(input.quoteNo), quoteValidUntilDate,
        sellToCustomerNo: customer.no, sellToCustomerName: customer.name,
        billToCustomerNo: customer.no, billToName: customer.name,
        billToAddress: customer.address, billToAddress2: customer.address2, billToPostCode: customer.postCode,
        billToCity: customer.city, billToCounty: customer.county, billToCountryRegionCode: customer.countryRegionCode,
        shipToName: shipTo ? blankToNull(shipTo.name) : customer.name,
        shipToAddress: shipTo ? blankToNull(shipTo.address) : customer.address,
        shipToAddress2: shipTo ? blankToNull(shipTo.address2) : customer.address2,
        shipToPostCode: shipTo ? blankToNull(shipTo.postCode) : customer.postCode,
        shipToCity: shipTo ? blankToNull(shipTo.city) : customer.city,
        shipToCounty: shipTo ? blankToNull(shipTo.county) : customer.county,
        shipToCountryRegionCode: shipTo ? blankToNull(shipTo.countryRegionCode) : customer.countryRegionCode,
        orderDate, requestedDeliveryDate,
        currencyCode: currency.code, currencyFactor: currency.factor.toString(),
        ...codes,
        yourReference: blankToNull(input.yourReference), externalDocumentNo: blankToNull(input.externalDocumentNo),
        amount: '0', amountIncludingVat: '0',
        systemId: randomUUID(), modifiedAt: now,
      });
      const lines: SalesLine[] = [];
      for (const [index, line] of (input.lines ?? []).entries()) {
        lines.push(await this.#newLine(em, setup, order, currency, line, (index + 1) * 10000));
      }
      this.#updateTotals(order, lines);
      await em.flush();
      return { order, lines };
    });
  }

  /** Adds a line to an Open order (after its last line). */
  async addSalesLine(orderNo: string, line: SalesOrderLineInput, options: OperationOptions = {}): Promise<SalesOrderDocument> {
    return this.#transaction(options, async (em) => {
      const setup = await loadSetup(em);
      const { order, lines } = await this.#loadOrder(em, orderNo);
      if (order.status !== 'Open') throw erpErrors.orderNotOpen(order.no);
      const currency = await documentCurrency(em, setup, order.currencyCode, order.orderDate);
      currency.factor = Dec.of(order.currencyFactor); // prices follow the factor the order was made with
      const lineNo = lines.reduce((max, l) => Math.max(max, l.lineNo), 0) + 10000;
      lines.push(await this.#newLine(em, setup, order, currency, line, lineNo));
      this.#updateTotals(order, lines);
      order.modifiedAt = this.#clock();
      await em.flush();
      return { order, lines };
    });
  }

  /**
   * Open → Released. The order needs lines, its customer must not be blocked for everything, and no item on it may
   * be blocked. Releasing a released order changes nothing and raises no hook.
   */
  async releaseSalesOrder(orderNo: string, options: OperationOptions = {}): Promise<SalesOrderDocument> {
    return this.#transaction(options, async (em) => {
      const { order, lines } = await this.#loadOrder(em, orderNo);
      if (order.documentType !== 'Order') throw erpErrors.documentTypeInvalid(order.no, order.documentType, 'only orders can be released');
      if (order.status === 'Released') return { order, lines };
      const customer = await this.#checkDocument(em, order, lines, ['All'], 'released');
      order.status = 'Released';
      order.modifiedAt = this.#clock();
      await em.flush();
      await this.hooks.afterReleaseSalesOrder.promise({ orderNo: order.no, order, lines, customer, em });
      return { order, lines };
    });
  }

  /** Released → Open, so the order can be changed again. Reopening an open order changes nothing. */
  async reopenSalesOrder(orderNo: string, options: OperationOptions = {}): Promise<SalesOrderDocument> {
    return this.#transaction(options, async (em) => {
      const { order, lines } = await this.#loadOrder(em, orderNo);
      if (order.status === 'Open') return { order, lines };
      order.status = 'Open';
      order.modifiedAt = this.#clock();
      await em.flush();
      return { order, lines };
    });
  }

  /**
   * Posts a Released order: in one transaction it takes the next posted-invoice number, writes the Sales Invoice
   * Header and Lines (copies of the order's), its ledger entries (an open Invoice customer ledger entry in the local
   * currency and a Sale item ledger entry per line, which lower the items' inventory), deletes the order and its lines,
   * and raises `beforePostSalesOrder` and
   * `afterPostSalesOrder` (a throwing tap rolls all of it back). After the commit it raises
   * `afterPostSalesOrderCommit`. The customer must not be blocked for invoicing, and no item may be blocked.
   */
  async postSalesOrder(orderNo: string, options: PostOptions = {}): Promise<PostedSalesInvoice> {
    const posted = await this.#transaction(options, async (em) => {
      const setup = await loadSetup(em);
      const { order, lines } = await this.#loadOrder(em, orderNo);
      if (order.documentType !== 'Order') throw erpErrors.documentTypeInvalid(order.no, order.documentType, 'only orders can be posted (make an order from the quote first)');
      if (order.status !== 'Released') throw erpErrors.orderNotReleased(order.no);
      const customer = await this.#checkDocument(em, order, lines, ['Invoice', 'All'], 'posted');
      const postingDate = options.postingDate === undefined ? this.#today() : checkDate(options.postingDate, 'postingDate');
      const invoiceNo = await takeNextNo(em, requireSetup(setup, 'postedInvoiceNos'));
      const references = { yourReference: order.yourReference, externalDocumentNo: order.externalDocumentNo };
      await this.hooks.beforePostSalesOrder.promise({ orderNo: order.no, invoiceNo, ...references, order, lines, customer, em });
      const terms = order.paymentTermsCode ? await em.findOne(PaymentTermsSchema, { code: order.paymentTermsCode }) : null;
      const now = this.#clock();
      // NAV "Archive Orders": the order's last state is kept as an archived version before posting deletes it.
      if (setup.archiveOrders) await archiveSalesDocument(em, order, lines, { now, hooks: this.hooks });
      const invoice = em.create(SalesInvoiceHeaderSchema, {
        ...pick(order, HEADER_FIELDS),
        no: invoiceNo, orderNo: order.no, postingDate, dueDate: dueDate(postingDate, terms?.dueDateCalculation),
        systemId: randomUUID(), modifiedAt: now,
      });
      const invoiceLines = lines.map((line) =>
        em.create(SalesInvoiceLineSchema, { ...pick(line, LINE_FIELDS), documentNo: invoiceNo, systemId: randomUUID(), modifiedAt: now }),
      );
      createInvoiceEntries(em, invoice, invoiceLines, now);
      for (const line of lines) em.remove(line);
      em.remove(order);
      await em.flush();
      await refreshInventory(em, invoiceLines.map((line) => line.no));
      const context: PostedSalesOrderContext = { orderNo: order.no, invoiceNo, ...references, customer, invoice, invoiceLines, em };
      await this.hooks.afterPostSalesOrder.promise(context);
      return context;
    });
    await this.hooks.afterPostSalesOrderCommit.promise({ ...posted, em: this.#orm.em.fork() });
    return { invoice: posted.invoice, lines: posted.invoiceLines };
  }

  /** The checks release and posting share; returns the customer. */
  async #checkDocument(em: EntityManager, order: SalesHeader, lines: SalesLine[], blocking: string[], action: string): Promise<Customer> {
    if (lines.length === 0) throw erpErrors.orderHasNoLines(order.no);
    const customer = await em.findOne(CustomerSchema, { no: order.sellToCustomerNo });
    if (!customer) throw erpErrors.customerNotFound(order.sellToCustomerNo);
    if (blocking.includes(customer.blocked)) throw erpErrors.customerBlocked(customer.no, customer.blocked, action);
    const items = new Map((await em.find(ItemSchema, { no: { $in: [...new Set(lines.map((l) => l.no))] } })).map((i) => [i.no, i]));
    for (const line of lines) {
      const item = items.get(line.no);
      if (!item) throw erpErrors.itemNotFound(line.no);
      if (item.blocked) throw erpErrors.itemBlocked(item.no, `line ${line.lineNo} of order ${order.no}`);
    }
    return customer;
  }

  async #newLine(em: EntityManager, setup: ErpSetup, order: SalesHeader, currency: DocumentCurrency, input: SalesOrderLineInput, lineNo: number): Promise<SalesLine> {
    const itemNo = blankToNull(input.itemNo) ?? setup.writeInItemNo;
    if (!itemNo) throw erpErrors.writeInItemMissing();
    const item = await em.findOne(ItemSchema, { no: itemNo });
    if (!item) throw erpErrors.itemNotFound(itemNo);
    if (item.blocked) throw erpErrors.itemBlocked(item.no, `it cannot be put on order ${order.no}`);
    const quantity = Dec.of(input.quantity, 'quantity');
    if (!quantity.isPositive()) throw erpErrors.quantityNotPositive(item.no, input.quantity);
    const unitPrice = input.unitPrice === undefined
      ? Dec.of(item.unitPrice).times(currency.factor).round(UNIT_PRICE_PRECISION)
      : Dec.of(input.unitPrice, 'unitPrice');
    if (unitPrice.isNegative()) throw erpErrors.valueInvalid('unitPrice', input.unitPrice, 'a price of 0 or more');
    const discount = Dec.of(input.lineDiscountPercent ?? 0, 'lineDiscountPercent');
    if (discount.isNegative() || discount.compare(Dec.of(100)) > 0) {
      throw erpErrors.valueInvalid('lineDiscountPercent', input.lineDiscountPercent, 'a percentage from 0 to 100');
    }
    const amounts = lineAmounts(quantity, unitPrice, discount, currency.amountRoundingPrecision);
    return em.create(SalesLineSchema, {
      systemId: randomUUID(), modifiedAt: this.#clock(),
      documentType: order.documentType, documentNo: order.no, lineNo, type: 'Item', no: item.no,
      description: input.description ?? item.description, unitOfMeasureCode: item.baseUnitOfMeasure,
      quantity: quantity.toString(), unitPrice: unitPrice.toString(), lineDiscountPercent: discount.toString(),
      lineDiscountAmount: amounts.lineDiscountAmount, amount: amounts.amount, amountIncludingVat: amounts.amount,
      shipmentDate: blankToNull(input.shipmentDate) === null ? null : checkDate(input.shipmentDate!, 'shipmentDate'),
    });
  }

  #updateTotals(order: SalesHeader, lines: SalesLine[]): void {
    const total = lines.reduce((sum, line) => sum.plus(Dec.of(line.amount)), Dec.ZERO).toString();
    order.amount = total;
    order.amountIncludingVat = total;
  }

  async #loadOrder(em: EntityManager, no: string): Promise<SalesOrderDocument> {
    const order = await em.findOne(SalesHeaderSchema, { no });
    if (!order) throw erpErrors.orderNotFound(no);
    const lines = await em.find(SalesLineSchema, { documentType: order.documentType, documentNo: order.no }, { orderBy: { lineNo: 'asc' } });
    return { order, lines };
  }

  #today(): string {
    return this.#clock().toISOString().slice(0, 10);
  }

  #transaction<T>(options: OperationOptions, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return (options.em ?? this.#orm.em.fork()).transactional(work);
  }
}
