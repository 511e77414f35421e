/** Test helpers for Tandem packages (`@tandem/core/testing`): a database per test, on SQLite and on PostgreSQL. */
export * from './scratchDatabase';
export * from './describeOnBothDatabases';
