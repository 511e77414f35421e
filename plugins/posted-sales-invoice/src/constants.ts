/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'PostedSalesInvoicePlugin';

/** The mapping posted Sales Invoice Header → CRM invoice (BC's POSTEDSALESINV-INV). */
export const POSTED_SALES_INVOICE = 'POSTEDSALESINV-INV';

/**
 * BC's POSTEDSALESLINE-INV: not a mapping here (it would never run on its own), only the namespace of the
 * deterministic ids of the `invoicedetail` rows the plugin writes with their invoice.
 */
export const POSTED_SALES_LINE_IDS = 'POSTEDSALESLINE-INV';

/** The namespace of the deterministic ids of the per-currency price lists the plugin creates. */
export const CURRENCY_PRICE_LIST_IDS = 'POSTEDSALESINV-INV:pricelevel';

/** invoice.statuscode 4 = Billed (state 0 Active): what BC sets after the lines are in. */
export const INVOICE_STATUS_BILLED = 4;

/** The CRM's name in the messages that quote BC's texts. */
export const CRM_NAME = 'Dynamics 365 Sales';

/** The name of the price list made for a foreign currency (BC: 'Price List in %1'). */
export const currencyPriceListName = (isoCode: string): string => `Price List in ${isoCode}`;

/** Lines written per `$batch` request (DataverseStore splits bigger batches itself; this bounds one page's call). */
export const LINE_WRITE_CHUNK = 1000;
