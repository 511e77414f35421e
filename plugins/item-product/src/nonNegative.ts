import { decimalText } from '@tandem/core';

/** The name of the transformation rule that sends negative numbers as 0 (inventory, price). */
export const NON_NEGATIVE_RULE = 'nonNegative';

/** BC's rule for quantity on hand and price: the CRM gets 0 instead of a negative value. */
export function nonNegative(value: unknown): unknown {
  if (value == null || value === '') return value;
  const text = decimalText(value);
  return text !== undefined && text.startsWith('-') && !/^-0*\.?0*$/.test(text) ? '0' : value;
}
