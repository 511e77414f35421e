/** The plugin's name (the class name, as every Tandem plugin). */
export const PLUGIN_NAME = 'SalesQuotePlugin';

/**
 * The mapping that holds the couplings of ERP sales quotes (`SalesHeader` of document type Quote, by quote no.) to
 * the CRM quote revision they were last made from (`quote`). No field ever syncs through it (see `SalesQuoteMapping`).
 */
export const SALES_QUOTE = 'SALESQUOTE-QUOTE';

/** CRM `quote` state codes. */
export const CrmQuoteState = { DRAFT: 0, ACTIVE: 1, WON: 2, CLOSED: 3 } as const;
