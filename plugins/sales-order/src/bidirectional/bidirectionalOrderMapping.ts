import type { FieldMapping, TableMappingDefinition } from '@tandem/core';
import { PAYMENT_TERMS, SHIPMENT_METHOD, SHIPPING_AGENT } from '@tandem/plugin-customer-account';
import { CURRENCY_MAPPING, CUSTOMER_MAPPING, CrmOrderState, ITEM_PRODUCT_MAPPING, SALESPEOPLE_MAPPING, SALES_ORDER } from '../names';

/** The ERP order's address blocks and the CRM order's, field by field (BC maps them both ways). */
function addressFields(erp: 'shipTo' | 'billTo', crm: 'shipto' | 'billto'): FieldMapping[] {
  const pairs: [string, string][] = [
    ['Address', 'line1'], ['Address2', 'line2'], ['PostCode', 'postalcode'], ['City', 'city'],
    ['CountryRegionCode', 'country'], ['County', 'stateorprovince'],
  ];
  const fields = pairs.map(([business, integration]) => ({ business: `${erp}${business}`, integration: `${crm}_${integration}` }));
  // BC maps the ship-to name too, not the bill-to name (the bill-to customer's own name).
  return erp === 'shipTo' ? [{ business: 'shipToName', integration: 'shipto_name' }, ...fields] : fields;
}

/**
 * SALESORDER-ORDER in bidirectional mode (reference §5.2 "SALESORDER-ORDER, bidirectional", §6.2): released ERP orders
 * (`SalesHeader`, document type Order) ↔ submitted CRM orders (`salesorder`), both ways.
 *
 * - ERP → CRM: a regular run creates a CRM order for a released ERP order that has none (`syncOnlyCoupled: false`;
 *   the insert rules set price list, name, customer, state) and sends header changes of coupled ones. The customer
 *   is set on insert only (a CRM order may name a contact of the account, which a field sync would overwrite).
 * - CRM → ERP: a coupled order's changes come back. An uncoupled submitted CRM order is never created by the engine:
 *   the plugin's transfer makes it a released ERP order with its lines (rule `uncoupledCrmOrdersByTransfer`), at the
 *   end of the same run.
 * - No field has `match`: match-based coupling is off for this mapping (BC's page rule).
 */
export const bidirectionalOrderMapping: TableMappingDefinition = {
  name: SALES_ORDER,
  businessTable: 'SalesHeader',
  integrationTable: 'salesorder',
  direction: 'bidirectional',
  syncOnlyCoupled: false,
  createNewOnNoMatch: false,
  businessFilter: { documentType: 'Order', status: 'Released' },
  integrationFilter: { statecode: CrmOrderState.SUBMITTED },
  dependsOn: [CUSTOMER_MAPPING, CURRENCY_MAPPING, ITEM_PRODUCT_MAPPING],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'none',
  schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
  fields: [
    { business: 'salespersonCode', integration: 'ownerid', direction: 'toIntegration', reference: { mapping: SALESPEOPLE_MAPPING }, notNull: true },
    { business: 'no', integration: 'businesscentralordernumber', direction: 'toIntegration' },
    { business: 'yourReference', integration: 'ordernumber', direction: 'fromIntegration' },
    { business: 'requestedDeliveryDate', integration: 'requestdeliveryby' },
    ...addressFields('shipTo', 'shipto'),
    ...addressFields('billTo', 'billto'),
    { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: PAYMENT_TERMS },
    { business: 'shippingAgentCode', integration: 'shippingmethodcode', optionSet: SHIPPING_AGENT },
    { business: 'shipmentMethodCode', integration: 'freighttermscode', optionSet: SHIPMENT_METHOD },
  ],
};
