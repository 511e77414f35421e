export * from './errors';
export * from './relatedTables';
export * from './AccountView';
export * from './AccountViewPlugin';
export * from './crmStatsCommand';
