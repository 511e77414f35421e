import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** BC's "Unit Group Source Type": whose units the group holds. */
export type UnitGroupSourceType = 'Item' | 'Resource';
export const UNIT_GROUP_SOURCE_TYPES: readonly UnitGroupSourceType[] = ['Item', 'Resource'];

/**
 * BC table 5400 "Unit Group": one per item and one per resource, holding that record's units of measure (its
 * `ItemUnitOfMeasure` or `ResourceUnitOfMeasure` rows). Synchronized with a CRM unit group (`uomschedule`) when
 * multiple units of measure are switched on. The code is the source type and number (`unitGroupCode`).
 */
export interface UnitGroup extends SystemFields {
  code: string;
  sourceType: UnitGroupSourceType;
  sourceNo: string;
}

/** The code of the unit group of an item or resource, as BC forms it: `'ITEM I00001'`, `'RESOURCE R00001'`. */
export function unitGroupCode(sourceType: UnitGroupSourceType, sourceNo: string): string {
  return `${sourceType.toUpperCase()} ${sourceNo}`;
}

export const UnitGroupSchema = new EntitySchema<UnitGroup>({
  name: 'UnitGroup',
  uniques: [{ properties: ['sourceType', 'sourceNo'] }],
  properties: {
    code: { type: 'string', length: 50, primary: true },
    sourceType: { type: 'string', length: 10 },
    sourceNo: { type: 'string', length: 20 },
    ...systemProperties(),
  },
});
