export * from './constants';
export * from './errors';
export * from './isoCode';
export * from './CurrencyOptions';
export * from './currencyMapping';
export * from './ErpCurrencyRates';
export * from './CurrencyLookup';
export * from './CurrencyPlugin';
export { precisionOf } from './currencyDefaults';
