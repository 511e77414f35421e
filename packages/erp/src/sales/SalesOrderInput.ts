/** One line of a new sales order. */
export interface SalesOrderLineInput {
  /** The item. Blank means a write-in product: the setup's `writeInItemNo` is used. */
  itemNo?: string | null;
  /** Greater than 0; a decimal string or a number. */
  quantity: string | number;
  /** Default: the item's unit price, converted to the order's currency. 0 or more. */
  unitPrice?: string | number;
  /** 0 to 100. Default 0. */
  lineDiscountPercent?: string | number;
  /** Default: the item's description. */
  description?: string;
  /** `YYYY-MM-DD`: when the line is expected to ship. Default none. */
  shipmentDate?: string | null;
}

/** Where the goods go, when not to the customer's own address. */
export interface ShipToAddressInput {
  name?: string | null;
  address?: string | null;
  address2?: string | null;
  postCode?: string | null;
  city?: string | null;
  county?: string | null;
  countryRegionCode?: string | null;
}

/**
 * A new sales order. Codes left `undefined` come from the customer; `null` or `''` means blank. Every code given
 * must exist.
 */
export interface CreateSalesOrderInput {
  customerNo: string;
  /** `'Order'` (default) or `'Quote'`: a quote follows the same rules, numbered from `quoteNos`. */
  documentType?: import('../entities/SalesHeader').SalesDocumentType;
  /** Default: the next number of the setup's `orderNos` series (`quoteNos` for a quote). */
  no?: string;
  /** On an order made from a quote: the quote's number (NAV "Quote No."). Not checked against existing quotes. */
  quoteNo?: string | null;
  /** `YYYY-MM-DD`: how long a quote is valid (NAV "Quote Valid Until Date"). */
  quoteValidUntilDate?: string | null;
  /** `YYYY-MM-DD`; default today (UTC). */
  orderDate?: string;
  /** Blank or the local currency's code: the local currency (stored blank). */
  currencyCode?: string | null;
  salespersonCode?: string | null;
  paymentTermsCode?: string | null;
  shipmentMethodCode?: string | null;
  shippingAgentCode?: string | null;
  yourReference?: string | null;
  externalDocumentNo?: string | null;
  /** `YYYY-MM-DD`. */
  requestedDeliveryDate?: string | null;
  /** Default: the customer's address. */
  shipTo?: ShipToAddressInput;
  lines?: SalesOrderLineInput[];
}

/** Options every operation takes. */
export interface OperationOptions {
  /**
   * Run inside this entity manager's transaction (a savepoint when one is open) instead of a new one; the caller's
   * commit then decides. Without it each operation is its own transaction.
   */
  em?: import('@mikro-orm/core').EntityManager;
}

export interface PostOptions extends OperationOptions {
  /** `YYYY-MM-DD`; default today (UTC). */
  postingDate?: string;
}
