export * from './constants';
export * from './errors';
export * from './ItemAvailabilityOptions';
export * from './itemsWithLedgerActivity';
export * from './ItemAvailabilityJob';
export * from './ItemAvailabilityPlugin';
