import { SalesOrderError, SalesOrderErrorCodes as C } from './SalesOrderError';

/** A CRM order as messages name it: its number and name, or its id when it has neither. */
export function orderLabel(order: { id: string; number?: unknown; name?: unknown }): string {
  const number = typeof order.number === 'string' && order.number ? order.number : undefined;
  const name = typeof order.name === 'string' && order.name ? order.name : undefined;
  if (number && name) return `${number} "${name}"`;
  return number ?? (name ? `"${name}"` : order.id);
}

/** The message factories of the plugin's rules: each names what is wrong and says what to do. */
export const salesOrderErrors = {
  orderNotFound: (id: string) =>
    new SalesOrderError(C.ORDER_NOT_FOUND, `CRM sales order ${id} does not exist. Check the order id.`),
  notSubmitted: (order: string, statecode: unknown) =>
    new SalesOrderError(C.NOT_SUBMITTED, `CRM sales order ${order} is not submitted (statecode ${String(statecode)}). Only submitted orders can become ERP sales orders: submit it in the CRM first.`),
  alreadyCoupled: (order: string, erpOrderNo: string) =>
    new SalesOrderError(C.ALREADY_COUPLED, `CRM sales order ${order} is already coupled to ERP sales order ${erpOrderNo}; nothing was created.`),
  noCustomer: (order: string, detail: string) =>
    new SalesOrderError(C.NO_CUSTOMER, `CRM sales order ${order} has no customer account to sell to: ${detail}. Set the order's customer to an account (or to a contact that belongs to one).`),
  accountNotCustomer: (order: string, account: string, typeCode: unknown) =>
    new SalesOrderError(C.ACCOUNT_NOT_CUSTOMER, `The account ${account} of CRM sales order ${order} is not of type Customer (customertypecode ${String(typeCode ?? 'empty')}). Set its relationship type to Customer first.`),
  customerNotCoupled: (order: string, account: string) =>
    new SalesOrderError(C.CUSTOMER_NOT_COUPLED, `No ERP customer is coupled to account ${account} of CRM sales order ${order}. Couple the account to a customer (CUSTOMER mapping) first.`),
  currencyNotCoupled: (order: string, currency: string) =>
    new SalesOrderError(C.CURRENCY_NOT_COUPLED, `The currency ${currency} of CRM sales order ${order} is not coupled to an ERP currency and is not the ERP's local currency. Couple it (CURRENCY mapping) first.`),
  productNotCoupled: (order: string, line: number, product: string) =>
    new SalesOrderError(C.PRODUCT_NOT_COUPLED, `Line ${line} of CRM sales order ${order} has product ${product}, which is not coupled to an ERP item. Couple the product (ITEM-PRODUCT mapping) first.`),
  writeInItemMissing: (order: string, line: number) =>
    new SalesOrderError(C.WRITE_IN_ITEM_MISSING, `Line ${line} of CRM sales order ${order} is a write-in product, and the ERP setup names no write-in item. Set ErpSetup.writeInItemNo (an item that is not coupled to a product).`),
  erpOrderCustomerNotCoupled: (erpOrderNo: string, customerNo: string) =>
    new SalesOrderError(C.CUSTOMER_NOT_COUPLED, `ERP sales order ${erpOrderNo} cannot go to the CRM: its customer ${customerNo} is not coupled to an account. Couple the customer (CUSTOMER mapping) first.`),
  erpOrderCurrencyNotCoupled: (erpOrderNo: string, currency: string) =>
    new SalesOrderError(C.CURRENCY_NOT_COUPLED, `ERP sales order ${erpOrderNo} cannot go to the CRM: its currency ${currency} is not coupled to a CRM currency. Couple it (CURRENCY mapping) first.`),
  archiveMissing: (erpOrderNo: string, occurrence: number) =>
    new SalesOrderError(C.ARCHIVE_MISSING, `ERP order ${erpOrderNo} (occurrence ${occurrence}) was recorded as archived, but the ERP archive has no version of it. Archive the order again (SalesDocumentArchiveService.archiveSalesDocument).`),
  modesExclusive: () =>
    new SalesOrderError(C.MODES_EXCLUSIVE, 'SalesOrderPlugin options autoCreateSalesOrders and bidirectionalSalesOrders are both on, but the one-way and the bidirectional sales-order flows exclude each other. Turn autoCreateSalesOrders off to synchronize orders both ways (bidirectional mode transfers submitted orders on every run anyway), or turn bidirectionalSalesOrders off to keep the one-way flow.'),
  lineInvalid: (line: string, field: string, value: unknown, expected: string) =>
    new SalesOrderError(C.LINE_INVALID, `CRM order line ${line} has ${field} ${JSON.stringify(value ?? null)}, but the ERP needs ${expected}. Correct the line in the CRM; the next run takes it again.`),
  crmWriteFailed: (what: string, cause: Error) =>
    new SalesOrderError(C.CRM_WRITE_FAILED, `Could not ${what} in the CRM: ${cause.message}`, { errorClass: 'transient', cause }),
};
