import type { TableMappingDefinition } from '@tandem/core';
import { ITEM_UOM, UNIT_OF_MEASURE, type UnitOfMeasureMode } from '@tandem/plugin-unit-of-measure';
import { NON_NEGATIVE_RULE } from './nonNegative';

/** The mapping's name (BC's 'ITEM-PRODUCT'); sales-order mappings reference it. */
export const ITEM_PRODUCT = 'ITEM-PRODUCT';

/** product.producttypecode "Sales Inventory": products of items (resources would be "Services"). */
export const SALES_INVENTORY = 1;

/**
 * Item ↔ CRM product, coupled records only, after UNIT OF MEASURE (or, with multiple units of measure, after
 * ITEM UOM; then the product's unit group and unit are the item's own, set by the product rules). Every field goes to the CRM except the name,
 * which travels both ways; the product's state and the item's Blocked follow each other through the plugin's taps.
 * The ERP side has no read filter: blocked items are left out by a post-filter unless coupled, so a coupled item's
 * blocking still reaches its product. The CRM side reads Sales Inventory products; the same post-filter leaves out
 * uncoupled products that are not Active. Runs every 30 minutes, on hold after 1440 idle minutes.
 */
export function itemProductMapping(mode: UnitOfMeasureMode = { multipleUnitsOfMeasure: false }): TableMappingDefinition {
  const toCrm = 'toIntegration' as const;
  const multiple = mode.multipleUnitsOfMeasure;
  return {
    name: ITEM_PRODUCT,
    businessTable: 'Item',
    integrationTable: 'product',
    direction: 'bidirectional',
    syncOnlyCoupled: true,
    dependsOn: [multiple ? ITEM_UOM : UNIT_OF_MEASURE],
    integrationFilter: { producttypecode: SALES_INVENTORY },
    schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 1440 * 60 },
    fields: [
      { business: 'no', integration: 'productnumber', direction: toCrm },
      { business: 'description', integration: 'name' },
      { business: 'description2', integration: 'description', direction: toCrm },
      { business: 'unitPrice', integration: 'price', direction: toCrm, transform: [{ rule: NON_NEGATIVE_RULE }] },
      { business: 'unitCost', integration: 'standardcost', direction: toCrm },
      { business: 'unitCost', integration: 'currentcost', direction: toCrm },
      { business: 'inventory', integration: 'quantityonhand', direction: toCrm, transform: [{ rule: NON_NEGATIVE_RULE }] },
      { business: 'unitVolume', integration: 'stockvolume', direction: toCrm },
      { business: 'grossWeight', integration: 'stockweight', direction: toCrm },
      { business: 'vendorNo', integration: 'vendorid', direction: toCrm },
      { business: 'vendorItemNo', integration: 'vendorpartnumber', direction: toCrm },
      // With multiple units of measure the item's own group and unit are set by the product rules instead.
      ...(multiple ? [] : [{ business: 'baseUnitOfMeasure', integration: 'defaultuomscheduleid', direction: toCrm, reference: { mapping: UNIT_OF_MEASURE } }]),
      { integration: 'producttypecode', constant: SALES_INVENTORY, direction: toCrm },
    ],
  };
}
