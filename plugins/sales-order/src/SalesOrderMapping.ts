import type { TableMappingDefinition } from '@tandem/core';
import { CURRENCY_MAPPING, CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING, SALES_ORDER } from './names';

/**
 * SALESORDER-ORDER: ERP `SalesHeader` (key: order no.) ↔ CRM `salesorder`, CRM → ERP, coupled records only. It exists
 * to hold the couplings the transfer makes (so `host.state`, `host.links` and the post tap find the pair), and to
 * order the transfer after the mappings it reads. It never moves a field: the plugin ignores every record of its
 * runs (`onQueryPostFilter`), because once an order has been taken over, no field sync runs on it (seed rule). The
 * one field below only satisfies the mapping's shape: it documents where the CRM name went.
 */
export const salesOrderMapping: TableMappingDefinition = {
  name: SALES_ORDER,
  businessTable: 'SalesHeader',
  integrationTable: 'salesorder',
  direction: 'fromIntegration',
  syncOnlyCoupled: true,
  createNewOnNoMatch: false,
  dependsOn: [CUSTOMER_MAPPING, CURRENCY_MAPPING, ITEM_PRODUCT_MAPPING],
  schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
  fields: [{ business: 'externalDocumentNo', integration: 'name' }],
};
