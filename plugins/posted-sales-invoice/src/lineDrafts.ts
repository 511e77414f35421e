import type { SalesInvoiceLine } from '@tandem/erp';
import { postedInvoiceErrors } from './errors';
import type { InvoicePageData } from './InvoicePage';

/** One `invoicedetail` row to write, without its invoice (known once the header is written). */
export interface LineDraft {
  /** The posted line's systemId: with the header id, the seed of the line's deterministic id. */
  key: string;
  values: Record<string, unknown>;
}

/**
 * The CRM lines of a posted invoice (reference §6.3 "After insert", BC's POSTEDSALESLINE-INV fields), checked before
 * anything of the invoice is written:
 * - an item on a line must not be blocked (§6.3 "Before transfer") → `TANDEM_POSTED_INVOICE_ITEM_BLOCKED`, naming all;
 * - a coupled item (ITEM-PRODUCT) is a product line: `productid` and the product's default unit `uomid`. A coupled
 *   product that is gone → `TANDEM_POSTED_INVOICE_PRODUCT_MISSING`; without a unit → `…_PRODUCT_UNIT_MISSING`;
 * - the setup's write-in item, an item that is not coupled and an item that no longer exists make a write-in line:
 *   `isproductoverridden` true and `productdescription` = the line's description (write-in lines keep it);
 * - Quantity → quantity, Unit Price → priceperunit (`ispriceoverridden` true: the ERP's price stands), Line Discount
 *   Amount → manualdiscountamount, Amount Including VAT − Amount → tax, Line No. → lineitemnumber, the position →
 *   sequencenumber. The CRM computes `baseamount` / `extendedamount` (BC's Amount and Amount Including VAT).
 */
export function invoiceLineDrafts(invoiceNo: string, page: InvoicePageData): LineDraft[] {
  const lines = page.linesOf.get(invoiceNo) ?? [];
  const blocked = [...new Set(lines.filter((line) => page.items.get(line.no)?.blocked === true).map((line) => line.no))];
  if (blocked.length > 0) throw postedInvoiceErrors.itemBlocked(invoiceNo, blocked);
  return lines.map((line, index) => ({ key: line.systemId, values: { ...lineValues(line, index), ...productValues(invoiceNo, line, page) } }));
}

function lineValues(line: SalesInvoiceLine, index: number): Record<string, unknown> {
  return {
    quantity: Number(line.quantity),
    priceperunit: Number(line.unitPrice),
    ispriceoverridden: true,
    manualdiscountamount: Number(line.lineDiscountAmount),
    tax: Number(line.amountIncludingVat) - Number(line.amount),
    lineitemnumber: line.lineNo,
    sequencenumber: index + 1,
  };
}

function productValues(invoiceNo: string, line: SalesInvoiceLine, page: InvoicePageData): Record<string, unknown> {
  const productId = line.no === page.writeInItemNo || !page.items.has(line.no) ? undefined : page.productOfItem.get(line.no);
  if (!productId) return { isproductoverridden: true, productdescription: line.description };
  const product = page.products.get(productId);
  if (!product) throw postedInvoiceErrors.productMissing(invoiceNo, line.no, productId);
  const unitId = product.values._defaultuomid_value;
  if (typeof unitId !== 'string' || !unitId) throw postedInvoiceErrors.productUnitMissing(invoiceNo, line.no, productId);
  return { isproductoverridden: false, _productid_value: productId, _uomid_value: unitId };
}
