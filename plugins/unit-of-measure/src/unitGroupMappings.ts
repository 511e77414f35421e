import type { TableMappingDefinition } from '@tandem/core';
import type { UnitGroupSourceType } from '@tandem/erp';

/** BC's mapping names of the multiple-units-of-measure mode. */
export const UNIT_GROUP = 'UNIT GROUP';
export const ITEM_UOM = 'ITEM UOM';
export const RESOURCE_UOM = 'RESOURCE UOM';

const EVERY_30_MINUTES_HOLD_AFTER_720 = { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 };

/**
 * Unit Group → CRM unit group (`uomschedule`), one way; new groups are created by every run (BC: bulk-coupling sync
 * and "create new"). Code → name, also the match field (an existing group of that name is taken over, one query per
 * page); Source No. → baseuomname (the service makes the group's base unit from it, as BC does). Every 30 minutes,
 * on hold after 720 idle minutes.
 */
export function unitGroupMapping(): TableMappingDefinition {
  return {
    name: UNIT_GROUP,
    businessTable: 'UnitGroup',
    integrationTable: 'uomschedule',
    direction: 'toIntegration',
    syncOnlyCoupled: false,
    schedule: EVERY_30_MINUTES_HOLD_AFTER_720,
    fields: [
      { business: 'code', integration: 'name', match: {} },
      { business: 'sourceNo', integration: 'baseuomname' },
    ],
  };
}

/** What differs between `ITEM UOM` and `RESOURCE UOM`. */
export interface UnitSource {
  mapping: typeof ITEM_UOM | typeof RESOURCE_UOM;
  sourceType: UnitGroupSourceType;
  /** The ERP table of the units, and the field naming their item or resource. */
  businessTable: 'ItemUnitOfMeasure' | 'ResourceUnitOfMeasure';
  ownerField: 'itemNo' | 'resourceNo';
}

export const ITEM_UNITS: UnitSource = { mapping: ITEM_UOM, sourceType: 'Item', businessTable: 'ItemUnitOfMeasure', ownerField: 'itemNo' };
export const RESOURCE_UNITS: UnitSource = {
  mapping: RESOURCE_UOM, sourceType: 'Resource', businessTable: 'ResourceUnitOfMeasure', ownerField: 'resourceNo',
};

/**
 * Item or Resource Unit of Measure → CRM unit (`uom`) in the unit group of its item or resource, one way, after
 * `UNIT GROUP`; new units are created by every run. Code → name, Qty. per Unit of Measure → quantity (base units per
 * unit). The group and its base unit are set by the plugin on create. Every 30 minutes, on hold after 720 idle minutes.
 */
export function recordUnitMapping(source: UnitSource): TableMappingDefinition {
  return {
    name: source.mapping,
    businessTable: source.businessTable,
    integrationTable: 'uom',
    direction: 'toIntegration',
    syncOnlyCoupled: false,
    dependsOn: [UNIT_GROUP],
    schedule: EVERY_30_MINUTES_HOLD_AFTER_720,
    fields: [
      { business: 'code', integration: 'name' },
      { business: 'qtyPerUnitOfMeasure', integration: 'quantity' },
    ],
  };
}
