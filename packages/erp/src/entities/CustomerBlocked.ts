/**
 * NAV's Customer "Blocked" option: `''` (not blocked), `Ship` (no shipments), `Invoice` (no invoicing: an order
 * cannot be posted), `All` (no new documents either).
 */
export const CUSTOMER_BLOCKED = ['', 'Ship', 'Invoice', 'All'] as const;
export type CustomerBlocked = (typeof CUSTOMER_BLOCKED)[number];
