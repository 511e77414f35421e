/** The plugin's name (the class name, as every Tandem plugin). */
export const PLUGIN_NAME = 'SalesOrderPlugin';

/**
 * The mapping that holds the couplings of ERP sales orders (`SalesHeader`, by order no.) to the CRM orders they were
 * made from (`salesorder`). BC calls it SALESORDER-ORDER. No field ever syncs through it (see `SalesOrderMapping`).
 */
export const SALES_ORDER = 'SALESORDER-ORDER';

/**
 * Bidirectional mode only: ERP order lines (`SalesLine`) ↔ CRM order lines (`salesorderdetail`), with their own
 * couplings (BC's SOLINE-ORDERDETAIL).
 */
export const SALES_ORDER_LINE = 'SOLINE-ORDERDETAIL';

/** The mappings this plugin reads couplings of (names fixed by the other entity plugins). */
export const SALESPEOPLE_MAPPING = 'SALESPEOPLE';
export const CUSTOMER_MAPPING = 'CUSTOMER';
export const CURRENCY_MAPPING = 'CURRENCY';
export const ITEM_PRODUCT_MAPPING = 'ITEM-PRODUCT';

/** CRM `salesorder` state and status codes this plugin reads and writes. */
export const CrmOrderState = { ACTIVE: 0, SUBMITTED: 1, FULFILLED: 3, INVOICED: 4 } as const;
export const CRM_ORDER_STATUS_INVOICED = 100003;

/** `account.customertypecode` of a customer. */
export const CRM_ACCOUNT_TYPE_CUSTOMER = 3;
