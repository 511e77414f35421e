import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/**
 * NAV table 4 "Currency": the foreign currencies. The local currency is not a row here; it is named by
 * `ErpSetup.localCurrencyCode`, and documents in it carry a blank currency code (as in NAV).
 */
export interface Currency extends SystemFields {
  code: string;
  description: string | null;
  /** ISO 4217 code; CRM transaction currencies are coupled by it. */
  isoCode: string | null;
  symbol: string | null;
  amountRoundingPrecision: Decimal;
}

export const CurrencySchema = new EntitySchema<Currency>({
  name: 'Currency',
  properties: {
    code: { type: 'string', length: 10, primary: true },
    description: { type: 'string', length: 30, nullable: true },
    isoCode: { type: 'string', length: 3, nullable: true },
    symbol: { type: 'string', length: 10, nullable: true },
    amountRoundingPrecision: { ...decimalColumn, default: '0.01' },
    ...systemProperties(),
  },
});
