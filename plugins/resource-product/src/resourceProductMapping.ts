import type { TableMappingDefinition } from '@tandem/core';
import { NON_NEGATIVE_RULE } from '@tandem/plugin-item-product';
import { RESOURCE_UOM, UNIT_OF_MEASURE, type UnitOfMeasureMode } from '@tandem/plugin-unit-of-measure';

/** The mapping's name (BC's 'RESOURCE-PRODUCT'). */
export const RESOURCE_PRODUCT = 'RESOURCE-PRODUCT';

/** product.producttypecode "Services": the products of resources (items' products are Sales Inventory, 1). */
export const SERVICES = 3;

/**
 * Resource ↔ CRM product of type Services, coupled records only, after UNIT OF MEASURE (or, with multiple units of
 * measure, after RESOURCE UOM; then the product's unit group and unit are the resource's own). Every field goes to the CRM
 * except the name, which travels both ways; the product's state and the resource's Blocked follow each other through
 * the plugin's taps. The CRM side reads only Services products, so it never sees an item's product. Runs every
 * 30 minutes, on hold after 720 idle minutes (the reference's JQE 30/720).
 */
export function resourceProductMapping(mode: UnitOfMeasureMode = { multipleUnitsOfMeasure: false }): TableMappingDefinition {
  const toCrm = 'toIntegration' as const;
  const multiple = mode.multipleUnitsOfMeasure;
  return {
    name: RESOURCE_PRODUCT,
    businessTable: 'Resource',
    integrationTable: 'product',
    direction: 'bidirectional',
    syncOnlyCoupled: true,
    dependsOn: [multiple ? RESOURCE_UOM : UNIT_OF_MEASURE],
    integrationFilter: { producttypecode: SERVICES },
    schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
    fields: [
      { business: 'no', integration: 'productnumber', direction: toCrm },
      { business: 'name', integration: 'name' },
      { business: 'unitPrice', integration: 'price', direction: toCrm, transform: [{ rule: NON_NEGATIVE_RULE }] },
      { business: 'unitCost', integration: 'standardcost', direction: toCrm },
      { business: 'unitCost', integration: 'currentcost', direction: toCrm },
      { business: 'vendorNo', integration: 'vendorid', direction: toCrm },
      { business: 'capacity', integration: 'quantityonhand', direction: toCrm, transform: [{ rule: NON_NEGATIVE_RULE }] },
      // With multiple units of measure the resource's own group and unit are set by the product rules instead.
      ...(multiple ? [] : [{ business: 'baseUnitOfMeasure', integration: 'defaultuomscheduleid', direction: toCrm, reference: { mapping: UNIT_OF_MEASURE } }]),
      { integration: 'producttypecode', constant: SERVICES, direction: toCrm },
    ],
  };
}
