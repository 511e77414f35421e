export * from './startTestPair';
export * from './testUsers';
export * from './crmRows';
export * from './couplings';
export * from './jobs';
