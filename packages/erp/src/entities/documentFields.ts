import { NumericType } from './NumericType';
import { decimalColumn, type Decimal } from './systemFields';

/**
 * The header fields an open sales order and its posted invoice share (NAV tables 36 and 112). Posting copies them
 * one to one. Blank codes are `null`; a blank currency code means the local currency.
 */
export interface SalesDocumentHeaderFields {
  sellToCustomerNo: string;
  sellToCustomerName: string;
  billToCustomerNo: string;
  billToName: string;
  billToAddress: string | null;
  billToAddress2: string | null;
  billToPostCode: string | null;
  billToCity: string | null;
  billToCounty: string | null;
  billToCountryRegionCode: string | null;
  shipToName: string | null;
  shipToAddress: string | null;
  shipToAddress2: string | null;
  shipToPostCode: string | null;
  shipToCity: string | null;
  shipToCounty: string | null;
  shipToCountryRegionCode: string | null;
  /** `YYYY-MM-DD`. */
  orderDate: string;
  requestedDeliveryDate: string | null;
  currencyCode: string | null;
  /** Units of the document currency per unit of local currency at the order date (NAV "Currency Factor"); 1 in LCY. */
  currencyFactor: Decimal;
  salespersonCode: string | null;
  paymentTermsCode: string | null;
  shipmentMethodCode: string | null;
  shippingAgentCode: string | null;
  /** The customer's reference; for orders made from a CRM order, the CRM order number. */
  yourReference: string | null;
  /** For orders made from a CRM order, the CRM order name. */
  externalDocumentNo: string | null;
  /** Sum of the line amounts. */
  amount: Decimal;
  /** This ERP models no VAT, so it equals `amount`; kept because the CRM mappings read it. */
  amountIncludingVat: Decimal;
}

export function salesDocumentHeaderProperties() {
  const code = (length: number) => ({ type: 'string', length, nullable: true }) as const;
  return {
    sellToCustomerNo: { type: 'string', length: 20, index: true },
    sellToCustomerName: { type: 'string', length: 100 },
    billToCustomerNo: { type: 'string', length: 20 },
    billToName: { type: 'string', length: 100 },
    billToAddress: code(100),
    billToAddress2: code(50),
    billToPostCode: code(20),
    billToCity: code(30),
    billToCounty: code(30),
    billToCountryRegionCode: code(10),
    shipToName: code(100),
    shipToAddress: code(100),
    shipToAddress2: code(50),
    shipToPostCode: code(20),
    shipToCity: code(30),
    shipToCounty: code(30),
    shipToCountryRegionCode: code(10),
    orderDate: { type: 'date' },
    requestedDeliveryDate: { type: 'date', nullable: true },
    currencyCode: code(10),
    currencyFactor: { type: NumericType, precision: 28, scale: 10, default: '1' },
    salespersonCode: code(20),
    paymentTermsCode: code(10),
    shipmentMethodCode: code(10),
    shippingAgentCode: code(10),
    yourReference: code(35),
    externalDocumentNo: code(35),
    amount: { ...decimalColumn, default: '0' },
    amountIncludingVat: { ...decimalColumn, default: '0' },
  } as const;
}

/** The line fields an order line and its posted invoice line share (NAV tables 37 and 113). */
export interface SalesDocumentLineFields {
  documentNo: string;
  /** 10000, 20000, … as in NAV. */
  lineNo: number;
  /** Only `Item` lines exist in this ERP. */
  type: 'Item';
  /** The item no. */
  no: string;
  description: string;
  unitOfMeasureCode: string | null;
  quantity: Decimal;
  unitPrice: Decimal;
  lineDiscountPercent: Decimal;
  lineDiscountAmount: Decimal;
  /** quantity × unit price − line discount amount, rounded to the currency's amount precision. */
  amount: Decimal;
  amountIncludingVat: Decimal;
  /** NAV "Shipment Date": when the line is expected to ship (`YYYY-MM-DD`); null when not planned. */
  shipmentDate?: string | null;
}

export function salesDocumentLineProperties() {
  return {
    documentNo: { type: 'string', length: 20, index: true },
    lineNo: { type: 'integer' },
    type: { type: 'string', length: 10, default: 'Item' },
    no: { type: 'string', length: 20 },
    description: { type: 'string', length: 100 },
    unitOfMeasureCode: { type: 'string', length: 10, nullable: true },
    quantity: { ...decimalColumn },
    unitPrice: { ...decimalColumn },
    lineDiscountPercent: { ...decimalColumn, default: '0' },
    lineDiscountAmount: { ...decimalColumn, default: '0' },
    amount: { ...decimalColumn, default: '0' },
    amountIncludingVat: { ...decimalColumn, default: '0' },
    shipmentDate: { type: 'date', nullable: true },
  } as const;
}
