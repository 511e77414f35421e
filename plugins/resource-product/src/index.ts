export * from './ResourceProductPlugin';
export * from './resourceProductMapping';
export * from './ProductKinds';
export * from './coupledRecords';
export * from './errors';
