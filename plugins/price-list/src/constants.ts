/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'PriceListPlugin';

/** Customer Price Group → CRM price list (BC's 'CUSTPRCGRP-PRICE'). */
export const CUSTPRCGRP_PRICE = 'CUSTPRCGRP-PRICE';

/** Sales Price → CRM price list item (BC's 'SALESPRC-PRODPRICE'). */
export const SALESPRC_PRODPRICE = 'SALESPRC-PRODPRICE';

/** The one sales type whose prices reach the CRM (the seed: prices of other sales types are ignored). */
export const CUSTOMER_PRICE_GROUP = 'Customer Price Group';

/** productpricelevel.pricingmethodcode "Currency Amount". */
export const CURRENCY_AMOUNT = 1;
