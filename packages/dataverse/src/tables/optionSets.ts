/** Choice values several tables share (same global option set or the same local values on each table). */

export const paymentTermsOptions = { 1: 'Net 30', 2: '2% 10, Net 30', 3: 'Net 45', 4: 'Net 60' } as const;

export const shippingMethodOptions = {
  1: 'Airborne',
  2: 'DHL',
  3: 'FedEx',
  4: 'UPS',
  5: 'Postal Mail',
  6: 'Full Load',
  7: 'Will Call',
} as const;

export const freightTermsOptions = { 1: 'FOB', 2: 'No Charge' } as const;

export const addressTypeOptions = { 1: 'Bill To', 2: 'Ship To', 3: 'Primary', 4: 'Other' } as const;

export const preferredContactMethodOptions = { 1: 'Any', 2: 'Email', 3: 'Phone', 4: 'Fax', 5: 'Mail' } as const;

/** Why the server could not price a line (`pricingerrorcode` on order, quote and invoice lines); 0 = priced fine. */
export const pricingErrorOptions = {
  0: 'None',
  1: 'Detail Error',
  2: 'Missing Price Level',
  3: 'Inactive Price Level',
  4: 'Missing Quantity',
  5: 'Missing Unit Price',
  6: 'Missing Product',
  7: 'Invalid Product',
  8: 'Missing Pricing Code',
  9: 'Invalid Pricing Code',
  10: 'Missing UOM',
  11: 'Product Not In Price Level',
  12: 'Missing Price Level Amount',
  13: 'Missing Price Level Percentage',
  14: 'Missing Price',
  15: 'Missing Current Cost',
  16: 'Missing Standard Cost',
  17: 'Invalid Price Level Amount',
  18: 'Invalid Price Level Percentage',
  19: 'Invalid Price',
  20: 'Invalid Current Cost',
  21: 'Invalid Standard Cost',
  22: 'Invalid Rounding Policy',
  23: 'Invalid Rounding Option',
  24: 'Invalid Rounding Amount',
  25: 'Price Calculation Error',
  26: 'Invalid Discount Type',
  27: 'Discount Type Invalid State',
  28: 'Invalid Discount',
  29: 'Invalid Quantity',
  30: 'Invalid Pricing Precision',
  31: 'Missing Product Default UOM',
  32: 'Missing Product UOM Schedule',
  33: 'Inactive Discount Type',
  34: 'Invalid Price Level Currency',
  35: 'Price Attribute Out Of Range',
  36: 'Base Currency Attribute Overflow',
  37: 'Base Currency Attribute Underflow',
  38: 'Transaction currency is not set for the product price list item',
} as const;
