import type { TableMappingDefinition } from '@tandem/core';
import { CURRENCY } from './constants';

/**
 * BC's CURRENCY mapping (CDS Setup Defaults): Currency → CRM transactioncurrency. Regular runs keep coupled currencies
 * in step; a full sync couples each currency to the CRM currency with its ISO code (`coupleByIsoCode`) or creates one.
 * The ISO code, exchange rate and precision are not plain field mappings: see `currencyDefaults`, `sendExchangeRate`.
 */
export const currencyMapping: TableMappingDefinition = {
  name: CURRENCY,
  businessTable: 'Currency',
  integrationTable: 'transactioncurrency',
  direction: 'toIntegration',
  syncOnlyCoupled: true,
  createNewOnNoMatch: true,
  // 30 minutes, 720 minutes of inactivity (BC's job queue entry for CURRENCY).
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
  fields: [
    { business: 'description', integration: 'currencyname' },
    { business: 'symbol', integration: 'currencysymbol' },
  ],
};
