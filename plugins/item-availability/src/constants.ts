/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'ItemAvailabilityPlugin';

/** The plugin job (BC's CU 5356 "CRM Item Availability Job"). */
export const ITEM_AVAILABILITY = 'ITEM-AVAILABILITY';

/** BC's job queue entry: every 30 minutes. */
export const DEFAULT_INTERVAL_SECONDS = 30 * 60;
/** Item ledger entries read per query. */
export const DEFAULT_PAGE_SIZE = 1000;
/** Entries stamped this long before the watermark are read again (a transaction may commit after a later stamp was read). */
export const OVERLAP_MS = 1000;
