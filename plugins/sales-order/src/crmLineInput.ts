import { Dec, type SalesOrderLineInput } from '@tandem/erp';

/** ERP line descriptions hold 100 characters. */
const DESCRIPTION_LENGTH = 100;
const HUNDRED = Dec.of(100);

/**
 * The ERP line fields of one CRM order or quote line, for the item the caller found for it (BC's line rules; each
 * caller resolves the product with its own error codes): quantity and unit price (`priceperunit`) are copied, the
 * line discount amount (`manualdiscountamount`) becomes the ERP's line discount %, exact to the cent, and the
 * description is `description`, else `productdescription` (100 characters). Shared with the sales-quote plugin.
 */
export function crmLineInput(itemNo: string, values: Record<string, unknown>): SalesOrderLineInput {
  const quantity = Dec.of(decimalText(values['quantity']), 'quantity');
  const unitPrice = Dec.of(decimalText(values['priceperunit']), 'priceperunit');
  const input: SalesOrderLineInput = { itemNo, quantity: quantity.toString(), unitPrice: unitPrice.toString() };
  const discount = discountPercent(quantity, unitPrice, Dec.of(decimalText(values['manualdiscountamount']), 'manualdiscountamount'));
  if (discount) input.lineDiscountPercent = discount;
  const description = text(values['description']) ?? text(values['productdescription']);
  if (description) input.description = description.slice(0, DESCRIPTION_LENGTH);
  return input;
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
