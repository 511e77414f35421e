/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'CustomerAccountPlugin';

/** The mapping Customer ↔ CRM account (BC's CUSTOMER). */
export const CUSTOMER = 'CUSTOMER';

/** Option sets of the account's choice columns (BC's option mappings of the same names). */
export const PAYMENT_TERMS = 'PAYMENT TERMS';
export const SHIPMENT_METHOD = 'SHIPMENT METHOD';
export const SHIPPING_AGENT = 'SHIPPING AGENT';

/** BC's templates for new rows: a new ERP customer (BCICUST) and a new CRM account (BCICUSTOME). */
export const ERP_CUSTOMER_TEMPLATE = 'BCICUST';
export const CRM_ACCOUNT_TEMPLATE = 'BCICUSTOME';

/** account.customertypecode 3 = Customer (relationship type). */
export const CUSTOMER_TYPE_CUSTOMER = 3;

/** account.statecode: 0 Active, 1 Inactive. */
export const ACCOUNT_ACTIVE = 0;
export const ACCOUNT_INACTIVE = 1;
