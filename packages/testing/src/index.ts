export * from './startTestPair';
