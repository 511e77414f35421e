import type { TableMappingDefinition } from '@tandem/core';
import { CURRENCY } from '@tandem/plugin-currency';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { CURRENCY_AMOUNT, CUSTOMER_PRICE_GROUP, CUSTPRCGRP_PRICE, SALESPRC_PRODPRICE } from './constants';

/** Every 30 minutes, on hold after 1440 idle minutes (the seed's job table). */
const SCHEDULE = { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 1440 * 60 };

/**
 * Customer Price Group → pricelevel, coupled groups only (a full sync creates the lists), after CURRENCY and
 * ITEM-PRODUCT. Only the code travels (as the list's name); the currency is set by `GroupRules` from the group's
 * prices. Begin and end dates are never written (the seed: dates are not synchronized).
 */
export function customerPriceGroupMapping(): TableMappingDefinition {
  return {
    name: CUSTPRCGRP_PRICE,
    businessTable: 'CustomerPriceGroup',
    integrationTable: 'pricelevel',
    direction: 'toIntegration',
    syncOnlyCoupled: true,
    dependsOn: [CURRENCY, ITEM_PRODUCT],
    schedule: SCHEDULE,
    fields: [{ business: 'code', integration: 'name' }],
  };
}

/**
 * Sales Price → productpricelevel, only prices of sales type Customer Price Group with a sales code (the seed's
 * filter); new prices are created in regular runs too. The unit is set by `PriceRules`; the starting and ending
 * dates and the minimum quantity are not synchronized.
 */
export function salesPriceMapping(): TableMappingDefinition {
  return {
    name: SALESPRC_PRODPRICE,
    businessTable: 'SalesPrice',
    integrationTable: 'productpricelevel',
    direction: 'toIntegration',
    syncOnlyCoupled: false,
    dependsOn: [CUSTPRCGRP_PRICE, ITEM_PRODUCT],
    businessFilter: { salesType: CUSTOMER_PRICE_GROUP, salesCode: { $ne: '' } },
    schedule: SCHEDULE,
    fields: [
      { business: 'salesCode', integration: 'pricelevelid', reference: { mapping: CUSTPRCGRP_PRICE } },
      { business: 'itemNo', integration: 'productid', reference: { mapping: ITEM_PRODUCT } },
      { business: 'currencyCode', integration: 'transactioncurrencyid', reference: { mapping: CURRENCY } },
      { integration: 'pricingmethodcode', constant: CURRENCY_AMOUNT },
      { business: 'unitPrice', integration: 'amount' },
    ],
  };
}
