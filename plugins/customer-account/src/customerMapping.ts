import type { TableMappingDefinition } from '@tandem/core';
import { CURRENCY } from '@tandem/plugin-currency';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import {
  ACCOUNT_ACTIVE,
  ACCOUNT_INACTIVE,
  CRM_ACCOUNT_TEMPLATE,
  CUSTOMER,
  CUSTOMER_TYPE_CUSTOMER,
  ERP_CUSTOMER_TEMPLATE,
  PAYMENT_TERMS,
  SHIPMENT_METHOD,
  SHIPPING_AGENT,
} from './constants';

/** Mapping names this one references. */
export const SALESPEOPLE_MAPPING = SALESPEOPLE;
export const CURRENCY_MAPPING = CURRENCY;

/**
 * BC's CUSTOMER mapping (CDS Setup Defaults, reference §5.1): Customer ↔ CRM account, both ways.
 *
 * - ERP side: customers that are not blocked (`blocked = ''`).
 * - CRM side: accounts of relationship type Customer (`customertypecode` 3), Active **or Inactive**: an Inactive
 *   account must still be read so that its deactivation can block the coupled customer. The "status Active" part of
 *   BC's filter is the rule `inactiveAccountBlocksCustomer`: an Inactive account that is not coupled is ignored.
 * - Name is the match field: a full sync (or `engine.match`) couples an uncoupled customer to the one uncoupled
 *   account of the same name (case-insensitive) instead of creating a second one; several → the record fails.
 */
export const customerMapping: TableMappingDefinition = {
  name: CUSTOMER,
  businessTable: 'Customer',
  integrationTable: 'account',
  direction: 'bidirectional',
  syncOnlyCoupled: true,
  businessFilter: { blocked: '' },
  integrationFilter: { customertypecode: CUSTOMER_TYPE_CUSTOMER, statecode: { $in: [ACCOUNT_ACTIVE, ACCOUNT_INACTIVE] } },
  dependsOn: [SALESPEOPLE_MAPPING, CURRENCY_MAPPING],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'none',
  // Every rule of this plugin keeps its state per record or per job, none per page: the next page may be read and
  // decided while one is written (core `OverlappingPages`). A plugin tapping CUSTOMER keeps to the same rule.
  overlapPages: true,
  // 30 minutes, 720 minutes of inactivity (BC's job queue entry for CUSTOMER).
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
  fields: [
    { business: 'salespersonCode', integration: 'ownerid', direction: 'toIntegration', reference: { mapping: SALESPEOPLE_MAPPING }, notNull: true },
    { business: 'name', integration: 'name', match: {} },
    { business: 'contact', integration: 'address1_primarycontactname' },
    { business: 'address', integration: 'address1_line1' },
    { business: 'address2', integration: 'address1_line2' },
    { business: 'postCode', integration: 'address1_postalcode' },
    { business: 'city', integration: 'address1_city' },
    { business: 'countryRegionCode', integration: 'address1_country' },
    { business: 'county', integration: 'address1_stateorprovince' },
    { business: 'currencyCode', integration: 'transactioncurrencyid', reference: { mapping: CURRENCY_MAPPING } },
    { business: 'email', integration: 'emailaddress1' },
    { business: 'faxNo', integration: 'fax' },
    { business: 'homePage', integration: 'websiteurl' },
    { business: 'phoneNo', integration: 'telephone1' },
    { business: 'shipmentMethodCode', integration: 'address1_freighttermscode', optionSet: SHIPMENT_METHOD },
    { business: 'shippingAgentCode', integration: 'address1_shippingmethodcode', optionSet: SHIPPING_AGENT },
    { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: PAYMENT_TERMS },
    { business: 'creditLimitLcy', integration: 'creditlimit', direction: 'toIntegration' },
  ],
  templates: {
    // A new ERP customer made from an account: BC's BCICUST (the first customer template without a currency).
    // Its values fill what the account leaves blank (rule `templateFillsBlanks`).
    business: [{ name: ERP_CUSTOMER_TEMPLATE, values: { blocked: '', paymentTermsCode: 'NET 30', shipmentMethodCode: 'FOB', creditLimitLcy: '0' } }],
    // A new account made from a customer: BC's BCICUSTOME, relationship type Customer.
    integration: [{ name: CRM_ACCOUNT_TEMPLATE, values: { customertypecode: CUSTOMER_TYPE_CUSTOMER } }],
  },
};
