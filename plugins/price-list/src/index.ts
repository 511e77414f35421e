export * from './constants';
export * from './PriceListPlugin';
export * from './priceListMappings';
export * from './groupCurrencies';
export * from './resyncGroupPrices';
export * from './errors';
