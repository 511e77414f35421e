import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/**
 * NAV table 330 "Currency Exchange Rate": from `startingDate` on, `exchangeRateAmount` units of the currency are
 * worth `relationalExchangeRateAmount` units of the local currency. NAV keys it by (currency, starting date); here
 * that pair is unique and `systemId` is the key, because Tandem synchronizes tables with a single key.
 */
export interface CurrencyExchangeRate extends SystemFields {
  currencyCode: string;
  /** `YYYY-MM-DD`. */
  startingDate: string;
  exchangeRateAmount: Decimal;
  relationalExchangeRateAmount: Decimal;
}

export const CurrencyExchangeRateSchema = new EntitySchema<CurrencyExchangeRate>({
  name: 'CurrencyExchangeRate',
  uniques: [{ properties: ['currencyCode', 'startingDate'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    currencyCode: { type: 'string', length: 10 },
    startingDate: { type: 'date' },
    exchangeRateAmount: { ...decimalColumn },
    relationalExchangeRateAmount: { ...decimalColumn },
  },
});
