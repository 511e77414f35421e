import type { TableMappingDefinition } from '@tandem/core';
import { CURRENCY_MAPPING, CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING } from '@tandem/plugin-sales-order';
import { SALES_QUOTE } from './names';

/**
 * SALESQUOTE-QUOTE: ERP `SalesHeader` of document type Quote (key: quote no.) ↔ CRM `quote`, CRM → ERP, coupled
 * records only, every 30 minutes (BC's "Auto Process Sales Quotes" job). Like SALESORDER-ORDER it exists to hold the
 * couplings the quote processing makes and to schedule it: the plugin ignores every record of its passes
 * (`onQueryPostFilter`) and does its work after each run (`onJobEnd`). The one field only satisfies the mapping's
 * shape: it documents where the CRM name goes.
 */
export const salesQuoteMapping: TableMappingDefinition = {
  name: SALES_QUOTE,
  businessTable: 'SalesHeader',
  integrationTable: 'quote',
  direction: 'fromIntegration',
  syncOnlyCoupled: true,
  createNewOnNoMatch: false,
  dependsOn: [CUSTOMER_MAPPING, CURRENCY_MAPPING, ITEM_PRODUCT_MAPPING],
  schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
  fields: [{ business: 'externalDocumentNo', integration: 'name' }],
};
