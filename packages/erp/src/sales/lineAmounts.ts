import { Dec } from '../money/Decimal';

export interface LineAmounts {
  lineDiscountAmount: string;
  amount: string;
}

/**
 * NAV's line arithmetic: the line amount before discount is quantity × unit price rounded to the currency's
 * precision; the discount is that amount × discount % rounded the same way; the amount is the difference.
 */
export function lineAmounts(quantity: Dec, unitPrice: Dec, discountPercent: Dec, precision: Dec): LineAmounts {
  const gross = quantity.times(unitPrice).round(precision);
  const discount = gross.times(discountPercent).dividedBy(Dec.of(100)).round(precision);
  return { lineDiscountAmount: discount.toString(), amount: gross.minus(discount).toString() };
}
