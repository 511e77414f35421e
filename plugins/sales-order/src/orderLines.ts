import type { StateStore } from '@tandem/core';
import { Dec, type SalesOrderLineInput } from '@tandem/erp';
import type { CrmSalesOrder } from './CrmSalesOrder';
import { ITEM_PRODUCT_MAPPING } from './names';
import { salesOrderErrors } from './salesOrderErrors';

/** ERP line descriptions hold 100 characters. */
const DESCRIPTION_LENGTH = 100;
const HUNDRED = Dec.of(100);

/**
 * The ERP lines of a CRM order, in `sequencenumber` order (BC's line rules): a product goes through the ITEM-PRODUCT
 * couplings (not coupled → `TANDEM_SALES_ORDER_PRODUCT_NOT_COUPLED`); a write-in product (no `productid`) becomes the
 * setup's write-in item (none → `TANDEM_SALES_ORDER_WRITE_IN_ITEM_MISSING`). Quantity, unit price (`priceperunit`)
 * and description (`description`, else `productdescription`) are copied; the line discount amount
 * (`manualdiscountamount`) becomes the ERP's line discount %, exact to the cent. With `shipmentDates` (bidirectional
 * mode) the line's `requestdeliveryby` becomes its shipment date.
 */
export async function orderLines(
  state: StateStore,
  order: CrmSalesOrder,
  writeInItemNo: string | null,
  options: { shipmentDates?: boolean } = {},
): Promise<SalesOrderLineInput[]> {
  const lines: SalesOrderLineInput[] = [];
  for (const [index, line] of order.lines.entries()) {
    const number = index + 1;
    const productId = line.values['_productid_value'];
    let itemNo: string;
    if (typeof productId === 'string' && productId) {
      const coupling = await state.findCoupling(ITEM_PRODUCT_MAPPING, 'integration', productId);
      if (!coupling?.businessId) throw salesOrderErrors.productNotCoupled(order.label, number, productId);
      itemNo = coupling.businessId;
    } else {
      if (!writeInItemNo) throw salesOrderErrors.writeInItemMissing(order.label, number);
      itemNo = writeInItemNo;
    }
    const quantity = Dec.of(decimalText(line.values['quantity']), 'quantity');
    const unitPrice = Dec.of(decimalText(line.values['priceperunit']), 'priceperunit');
    const input: SalesOrderLineInput = { itemNo, quantity: quantity.toString(), unitPrice: unitPrice.toString() };
    const discount = discountPercent(quantity, unitPrice, Dec.of(decimalText(line.values['manualdiscountamount']), 'manualdiscountamount'));
    if (discount) input.lineDiscountPercent = discount;
    const description = text(line.values['description']) ?? text(line.values['productdescription']);
    if (description) input.description = description.slice(0, DESCRIPTION_LENGTH);
    // Bidirectional mode: the line's requested delivery date is the ERP line's shipment date (they sync both ways).
    const date = line.values['requestdeliveryby'];
    if (options.shipmentDates && date) input.shipmentDate = date instanceof Date ? date.toISOString().slice(0, 10) : String(date).slice(0, 10);
    lines.push(input);
  }
  return lines;
}

/** The percentage a discount amount is of quantity × price (the ERP takes a percentage and rounds its amount). */
function discountPercent(quantity: Dec, unitPrice: Dec, amount: Dec): string | undefined {
  if (amount.compare(Dec.ZERO) === 0) return undefined;
  const gross = quantity.times(unitPrice);
  if (gross.compare(Dec.ZERO) === 0) return undefined;
  return amount.times(HUNDRED).dividedBy(gross).toString();
}

function decimalText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '0';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(10).replace(/\.?0+$/, '');
  return String(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
