/** The plugin's name (also its tap name). Other plugins list it in `dependsOn`. */
export const PLUGIN_NAME = 'CurrencyPlugin';

/** The mapping Currency → CRM transactioncurrency (BC's CURRENCY). */
export const CURRENCY = 'CURRENCY';

/**
 * The business id under which the local currency (a blank currency code in the ERP) is coupled in `CURRENCY`. It fits
 * a currency code field (a reference value passes the destination's length check before taps see it), and it is not
 * an ISO code, so a currency row with this code is never coupled (the plugin passes such a row over).
 */
export const LOCAL_CURRENCY_ID = '(LCY)';

/** Precision of a new CRM currency when the ERP's amount rounding precision says nothing usable. */
export const DEFAULT_CURRENCY_PRECISION = 2;
