/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'CustomerStatisticsPlugin';

/** The plugin job (BC's "Customer Statistics - Dynamics 365 Sales synchronization", CU 5350). */
export const CUSTOMER_STATISTICS = 'CUSTOMER-STATISTICS';

/** The CRM table of the BC integration solution, and the account's lookup to it (BC's AccountStatiticsId). */
export const STATISTICS_TABLE = 'nav_accountstatistics';
export const ACCOUNT_STATISTICS_LOOKUP = 'nav_accountstatisticsid';
/** How the lookup reads back on an account row. */
export const ACCOUNT_STATISTICS_VALUE = '_nav_accountstatisticsid_value';

/** BC's job queue entry: every 30 minutes. */
export const DEFAULT_INTERVAL_SECONDS = 30 * 60;
/** Customers per page: one set of ERP queries and one CRM batch per page. */
export const DEFAULT_PAGE_SIZE = 200;
/** Activity stamped this long before the watermark is read again (a transaction may commit after a later stamp was read). */
export const OVERLAP_MS = 1000;
