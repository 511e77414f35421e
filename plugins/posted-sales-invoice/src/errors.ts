import { TandemError, classifyError } from '@tandem/core';
import { CRM_NAME } from './constants';

/** Stable codes of this plugin. */
export const PostedInvoiceErrorCodes = {
  ORDER_CUSTOMER_CHANGED: 'TANDEM_POSTED_INVOICE_ORDER_CUSTOMER_CHANGED',
  CUSTOMER_NOT_COUPLED: 'TANDEM_POSTED_INVOICE_CUSTOMER_NOT_COUPLED',
  ITEM_BLOCKED: 'TANDEM_POSTED_INVOICE_ITEM_BLOCKED',
  PRODUCT_MISSING: 'TANDEM_POSTED_INVOICE_PRODUCT_MISSING',
  PRODUCT_UNIT_MISSING: 'TANDEM_POSTED_INVOICE_PRODUCT_UNIT_MISSING',
  CURRENCY_MISSING: 'TANDEM_POSTED_INVOICE_CURRENCY_MISSING',
  LINES_FAILED: 'TANDEM_POSTED_INVOICE_LINES_FAILED',
  CRM_WRITE_FAILED: 'TANDEM_POSTED_INVOICE_CRM_WRITE_FAILED',
} as const;

const C = PostedInvoiceErrorCodes;
const validation = { errorClass: 'validation' } as const;

/** Message factories; each message starts with its code (a tap's error reaches the log wrapped by core). */
export const postedInvoiceErrors = {
  /** Reference §6.3, BC's text, with what is wrong and how to fix it. */
  orderCustomerChanged: (invoiceNo: string, orderNumber: string, detail: string) =>
    new TandemError(
      C.ORDER_CUSTOMER_CHANGED,
      `${C.ORDER_CUSTOMER_CHANGED}: Cannot create the invoice in ${CRM_NAME}. The customer from the original ${CRM_NAME} sales order ${orderNumber} ` +
        `was changed or is no longer coupled. Posted invoice ${invoiceNo} refers to that order (Your Reference), but ${detail}. ` +
        `Couple the invoice's customer to the order's account (mapping "CUSTOMER"), then run POSTEDSALESINV-INV again (engine.restore if it was parked).`,
      validation,
    ),
  customerNotCoupled: (invoiceNo: string, customerNo: string, reason: string) =>
    new TandemError(
      C.CUSTOMER_NOT_COUPLED,
      `${C.CUSTOMER_NOT_COUPLED}: posted invoice ${invoiceNo} is for customer ${customerNo}, which is not coupled to a CRM account, ` +
        `and synchronizing it failed: ${reason}. Fix the customer (mapping "CUSTOMER"), then run POSTEDSALESINV-INV again.`,
      validation,
    ),
  itemBlocked: (invoiceNo: string, items: string[]) =>
    new TandemError(
      C.ITEM_BLOCKED,
      `${C.ITEM_BLOCKED}: posted invoice ${invoiceNo} has lines with blocked item(s) ${items.join(', ')}; a blocked item is not sent to the CRM ` +
        '(reference §6.3 "Before transfer"). Unblock the item(s), then run POSTEDSALESINV-INV again. Nothing of the invoice was written.',
      validation,
    ),
  productMissing: (invoiceNo: string, itemNo: string, productId: string) =>
    new TandemError(
      C.PRODUCT_MISSING,
      `${C.PRODUCT_MISSING}: posted invoice ${invoiceNo} has item ${itemNo}, coupled to CRM product ${productId}, which no longer exists. ` +
        'Uncouple the item or synchronize it again (mapping "ITEM-PRODUCT"), then run POSTEDSALESINV-INV again. Nothing of the invoice was written.',
      validation,
    ),
  productUnitMissing: (invoiceNo: string, itemNo: string, productId: string) =>
    new TandemError(
      C.PRODUCT_UNIT_MISSING,
      `${C.PRODUCT_UNIT_MISSING}: posted invoice ${invoiceNo} has item ${itemNo}, whose CRM product ${productId} has no default unit (defaultuomid), ` +
        'and a product line needs its unit. Synchronize UNIT OF MEASURE and ITEM-PRODUCT, then run POSTEDSALESINV-INV again. Nothing of the invoice was written.',
      validation,
    ),
  currencyMissing: (invoiceNo: string) =>
    new TandemError(
      C.CURRENCY_MISSING,
      `${C.CURRENCY_MISSING}: posted invoice ${invoiceNo} has no CRM currency, so no price list can be chosen for it. ` +
        'Synchronize CURRENCY first (its local currency too), then run POSTEDSALESINV-INV again.',
      validation,
    ),
  /**
   * Keeps the class of the line write's error (a throttled or transient CRM keeps the invoice retrying) but not the
   * error as `cause`: core stores the deepest `TANDEM_` code of the cause chain, and this code is the one to keep.
   */
  linesFailed: (invoiceNo: string, invoiceId: string, cause: Error, removal: string) =>
    new TandemError(
      C.LINES_FAILED,
      `${C.LINES_FAILED}: the lines of posted invoice ${invoiceNo} could not be written to CRM invoice ${invoiceId}: ${cause.message}. ${removal}`,
      { errorClass: classifyError(cause) },
    ),
  crmWriteFailed: (what: string, cause: Error) =>
    new TandemError(C.CRM_WRITE_FAILED, `${C.CRM_WRITE_FAILED}: writing ${what} to the CRM failed: ${cause.message}`, { errorClass: classifyError(cause) }),
};
