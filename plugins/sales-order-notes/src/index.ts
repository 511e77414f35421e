export * from './constants';
export * from './notesMapping';
export * from './rules/onlyCoupledOrders';
export * from './rules/noteDefaults';
export * from './SalesOrderNotesPlugin';
