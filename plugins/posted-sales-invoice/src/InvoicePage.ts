import type { HostServices, Row } from '@tandem/core';
import {
  ERP_SETUP_KEY,
  ErpSetupSchema,
  ItemSchema,
  SalesInvoiceLineSchema,
  ShipmentMethodSchema,
  type Item,
  type SalesInvoiceLine,
} from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import type { LineDraft } from './lineDrafts';

/** Columns of CRM rows this plugin reads beyond what its mapping uses (declared to the store in `ready`). */
export const READ_COLUMNS: Record<string, readonly string[]> = {
  salesorder: ['ordernumber', 'name', '_customerid_value', '_opportunityid_value', '_pricelevelid_value'],
  product: ['_defaultuomid_value'],
};

/**
 * Everything the rules need about the invoices of one page, read with one query per kind for the whole page: the
 * posted lines, their items, the write-in item, the ITEM-PRODUCT and CUSTOMER couplings, the coupled products (for
 * their unit), the CRM orders named by the invoices' Your Reference, and the shipment methods. It also carries the
 * page's line drafts and their write (`InvoiceLines`).
 */
export interface InvoicePageData {
  linesOf: Map<string, SalesInvoiceLine[]>;
  items: Map<string, Item>;
  writeInItemNo: string | null;
  productOfItem: Map<string, string>;
  products: Map<string, Row>;
  accountOfCustomer: Map<string, string>;
  ordersByNumber: Map<string, Row>;
  shipmentMethodDescriptions: Map<string, string | null>;
  /** Line drafts of the invoices about to be inserted, by invoice no. (filled in `onBeforeInsert`). */
  drafts: Map<string, { headerId: string; lines: LineDraft[]; complete?: boolean }>;
  /** What a new invoice still needs from `onBeforeInsert` (a customer to synchronize, a price list to make). */
  pending: Map<string, { customerNo?: string; currencyId?: string }>;
  /** The page's one line write, started by the first `onAfterInsert`: the result of each line by its id. */
  written?: Promise<Map<string, { ok: true } | { ok: false; error: Error }>>;
}

interface PageSlot {
  rows: Row[];
  ids: Set<string>;
  data?: Promise<InvoicePageData>;
}

/**
 * The page prefetch. The engine shows every row of a page to `onQueryPostFilter` before any record is transformed,
 * so the rows are collected there; the first rule that needs data loads it for all of them. The next
 * `onQueryPostFilter` after a load starts the next page. One slot per running job (dropped at its end).
 */
export class InvoicePages {
  readonly #slots = new Map<string, PageSlot>();

  constructor(private readonly services: () => HostServices) {}

  /** `onQueryPostFilter`: the row belongs to the page being collected. */
  collect(jobId: string, row: Row): void {
    const slot = this.#slots.get(jobId);
    if (!slot || slot.data) this.#slots.set(jobId, { rows: [row], ids: new Set([row.id]) });
    else {
      slot.rows.push(row);
      slot.ids.add(row.id);
    }
  }

  /** The page's data; a row that was not collected (it cannot happen in a run) gets a page of its own. */
  async of(jobId: string, row: Row): Promise<InvoicePageData> {
    let slot = this.#slots.get(jobId);
    if (!slot || !slot.ids.has(row.id)) {
      slot = { rows: [row], ids: new Set([row.id]) };
      this.#slots.set(jobId, slot);
    }
    slot.data ??= this.#load(slot.rows);
    return slot.data;
  }

  end(jobId: string): void {
    this.#slots.delete(jobId);
  }

  async #load(rows: Row[]): Promise<InvoicePageData> {
    const services = this.services();
    const em = services.orm.em.fork();
    const crm = services.stores.integration;
    const invoiceNos = rows.map((row) => row.id);
    const lines = await em.find(SalesInvoiceLineSchema, { documentNo: { $in: invoiceNos } }, { orderBy: { documentNo: 'asc', lineNo: 'asc' }, disableIdentityMap: true });
    const linesOf = new Map<string, SalesInvoiceLine[]>();
    for (const line of lines) linesOf.set(line.documentNo, [...(linesOf.get(line.documentNo) ?? []), line]);
    const itemNos = unique(lines.map((line) => line.no));
    const items = new Map((itemNos.length ? await em.find(ItemSchema, { no: { $in: itemNos } }, { disableIdentityMap: true }) : []).map((i) => [i.no, i]));
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY }, { disableIdentityMap: true });

    const productOfItem = new Map<string, string>();
    for (const [itemNo, coupling] of await services.state.couplingsBy(ITEM_PRODUCT, 'business', itemNos)) {
      if (coupling.integrationId) productOfItem.set(itemNo, coupling.integrationId);
    }
    const productIds = unique([...productOfItem.values()]);
    const products = new Map((productIds.length ? await crm.getByIds('product', productIds) : []).map((p) => [p.id, p]));

    const customerNos = unique(rows.map((row) => text(row.values.sellToCustomerNo)));
    const accountOfCustomer = new Map<string, string>();
    for (const [customerNo, coupling] of await services.state.couplingsBy(CUSTOMER, 'business', customerNos)) {
      if (coupling.integrationId) accountOfCustomer.set(customerNo, coupling.integrationId);
    }

    const references = unique(rows.map((row) => text(row.values.yourReference)));
    const orders = references.length
      ? await crm.findByValues('salesorder', { candidates: references.map((ordernumber) => ({ ordernumber })), caseSensitive: ['ordernumber'] })
      : [];
    const ordersByNumber = new Map(orders.map((order) => [String(order.values.ordernumber), order]));

    const methodCodes = unique(rows.map((row) => text(row.values.shipmentMethodCode)));
    const methods = methodCodes.length ? await em.find(ShipmentMethodSchema, { code: { $in: methodCodes } }, { disableIdentityMap: true }) : [];
    const shipmentMethodDescriptions = new Map(methods.map((m) => [m.code, m.description]));

    return {
      linesOf, items, writeInItemNo: setup?.writeInItemNo ?? null, productOfItem, products, accountOfCustomer, ordersByNumber,
      shipmentMethodDescriptions, drafts: new Map(), pending: new Map(),
    };
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

/** A text value, '' for empty. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
}
