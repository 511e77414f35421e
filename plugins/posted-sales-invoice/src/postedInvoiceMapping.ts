import type { TableMappingDefinition } from '@tandem/core';
import { CURRENCY } from '@tandem/plugin-currency';
import { CUSTOMER, PAYMENT_TERMS, SHIPPING_AGENT } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import { INVOICE_STATUS_BILLED, POSTED_SALES_INVOICE } from './constants';

const toCrm = 'toIntegration' as const;

/**
 * BC's POSTEDSALESINV-INV (CRM Setup Defaults, reference §5.2): posted Sales Invoice Header → CRM invoice, one way.
 *
 * - Not only coupled records (`syncOnlyCoupled: false`): every regular run creates the CRM invoice of each posted
 *   invoice it has not sent yet. BC ships the mapping coupled-only and creates invoices from the "Create Invoice in
 *   Dynamics 365 Sales" action; a posted invoice never changes, so a coupled-only job would never send anything, while
 *   the seeds describe a scheduled job that "synchronizes … invoices with posted sales invoices" (README: which
 *   invoices sync).
 * - Fields are the default list; the customer, the order link, the price list, the name and the description are rules
 *   (`crmOrderLink`, `shipmentMethodDescription`), and the lines are written with the header (`InvoiceLines`).
 * - Totals (`totalamount`, `totalamountlessfreight`, …) are computed by the CRM from the lines; the constants are BC's
 *   header totals: no freight, no header discount %, the ERP has no invoice discount; status Billed.
 * - `datedelivered` takes the posting date: this ERP ships and invoices in one post and has no Shipment Date.
 */
export const postedInvoiceMapping: TableMappingDefinition = {
  name: POSTED_SALES_INVOICE,
  businessTable: 'SalesInvoiceHeader',
  integrationTable: 'invoice',
  direction: toCrm,
  syncOnlyCoupled: false,
  dependsOn: [SALESPEOPLE, CURRENCY, CUSTOMER, ITEM_PRODUCT],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'none',
  // BC's job queue entry: every 30 minutes, 1440 minutes (24 h) of inactivity.
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 1440 * 60 },
  fields: [
    { business: 'no', integration: 'invoicenumber' },
    { business: 'salespersonCode', integration: 'ownerid', reference: { mapping: SALESPEOPLE }, notNull: true },
    { business: 'currencyCode', integration: 'transactioncurrencyid', reference: { mapping: CURRENCY } },
    { business: 'dueDate', integration: 'duedate' },
    { business: 'postingDate', integration: 'datedelivered' },
    { business: 'shipToName', integration: 'shipto_name' },
    { business: 'shipToAddress', integration: 'shipto_line1' },
    { business: 'shipToAddress2', integration: 'shipto_line2' },
    { business: 'shipToCity', integration: 'shipto_city' },
    { business: 'shipToCountryRegionCode', integration: 'shipto_country' },
    { business: 'shipToPostCode', integration: 'shipto_postalcode' },
    { business: 'shipToCounty', integration: 'shipto_stateorprovince' },
    { business: 'billToName', integration: 'billto_name' },
    { business: 'billToAddress', integration: 'billto_line1' },
    { business: 'billToAddress2', integration: 'billto_line2' },
    { business: 'billToCity', integration: 'billto_city' },
    { business: 'billToCountryRegionCode', integration: 'billto_country' },
    { business: 'billToPostCode', integration: 'billto_postalcode' },
    { business: 'billToCounty', integration: 'billto_stateorprovince' },
    { business: 'shippingAgentCode', integration: 'shippingmethodcode', optionSet: SHIPPING_AGENT },
    { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: PAYMENT_TERMS },
    { integration: 'discountamount', constant: 0 },
    { integration: 'discountpercentage', constant: 0 },
    { integration: 'freightamount', constant: 0 },
    { integration: 'statuscode', constant: INVOICE_STATUS_BILLED },
  ].map((field) => ({ ...field, direction: toCrm })),
};
