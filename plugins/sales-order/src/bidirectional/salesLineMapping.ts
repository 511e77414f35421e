import type { TableMappingDefinition } from '@tandem/core';
import { ITEM_PRODUCT_MAPPING, SALES_ORDER, SALES_ORDER_LINE } from '../names';

/** CRM `producttypecode` of a plain product line. */
export const CRM_LINE_PRODUCT = 1;

/**
 * SOLINE-ORDERDETAIL (bidirectional mode only, reference §5.2): ERP order lines (`SalesLine`, item lines of orders)
 * ↔ CRM order lines (`salesorderdetail`), with couplings of their own.
 *
 * - Only lines of orders coupled in SALESORDER-ORDER take part (rule `onlyLinesOfCoupledOrders`); the order travels
 *   as a reference through those couplings. New lines on either side are created (`syncOnlyCoupled: false`).
 * - ERP → CRM: product, line no., quantity, price, line discount, tax (Amount Including VAT − Amount) and the
 *   shipment date. CRM → ERP: quantity, price, line discount and date; the ERP line's amounts are computed again
 *   (rule `erpLineAmounts`), and the order's totals after the run.
 * - A coupled line whose counterpart is gone loses its coupling (`removeCoupling`, BC's setting); an ERP line
 *   deleted from an order that still exists also removes its CRM line (rule `deletedErpLines`).
 */
export const salesLineMapping: TableMappingDefinition = {
  name: SALES_ORDER_LINE,
  businessTable: 'SalesLine',
  integrationTable: 'salesorderdetail',
  direction: 'bidirectional',
  syncOnlyCoupled: false,
  createNewOnNoMatch: false,
  businessFilter: { documentType: 'Order', type: 'Item' },
  dependsOn: [SALES_ORDER],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'removeCoupling',
  schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
  fields: [
    { business: 'documentNo', integration: 'salesorderid', reference: { mapping: SALES_ORDER } },
    { business: 'no', integration: 'productid', direction: 'toIntegration', reference: { mapping: ITEM_PRODUCT_MAPPING }, clearValueOnFailedSync: true },
    { business: 'lineNo', integration: 'businesscentrallinenumber', direction: 'toIntegration' },
    { business: 'quantity', integration: 'quantity' },
    { business: 'unitPrice', integration: 'priceperunit' },
    { business: 'lineDiscountAmount', integration: 'manualdiscountamount' },
    // The value is replaced by Amount Including VAT − Amount (rule `lineTax`): the CRM adds tax to the line's amount.
    { business: 'amountIncludingVat', integration: 'tax', direction: 'toIntegration' },
    { business: 'shipmentDate', integration: 'requestdeliveryby' },
    { integration: 'producttypecode', constant: CRM_LINE_PRODUCT, direction: 'toIntegration' },
    { integration: 'ispriceoverridden', constant: true, direction: 'toIntegration' },
    { business: 'documentType', constant: 'Order', direction: 'fromIntegration' },
    { business: 'type', constant: 'Item', direction: 'fromIntegration' },
  ],
};
