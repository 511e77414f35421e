import type { TableMappingDefinition } from '@tandem/core';
import { UNIT_GROUP_NAME_RULE } from './unitGroupName';

/** The mapping's name (BC's 'UNIT OF MEASURE'); other mappings reference it. */
export const UNIT_OF_MEASURE = 'UNIT OF MEASURE';

/**
 * Unit of Measure → CRM unit group (`uomschedule`), one way, coupled records only (BC's legacy UoM mode).
 * Code → baseuomname (the service makes the group's one unit from it) and Code → name through the unit group name
 * rule ('NAV ' + code by default). Runs every 30 minutes, on hold after 720 idle minutes.
 */
export function unitOfMeasureMapping(): TableMappingDefinition {
  return {
    name: UNIT_OF_MEASURE,
    businessTable: 'UnitOfMeasure',
    integrationTable: 'uomschedule',
    direction: 'toIntegration',
    syncOnlyCoupled: true,
    schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
    fields: [
      { business: 'code', integration: 'baseuomname' },
      { business: 'code', integration: 'name', transform: [{ rule: UNIT_GROUP_NAME_RULE }] },
    ],
  };
}
