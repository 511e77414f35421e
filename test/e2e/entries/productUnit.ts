import { ItemUnitOfMeasureSchema, ResourceUnitOfMeasureSchema, unitGroupCode, type UnitGroupSourceType } from '@tandem/erp';
import { ITEM_UOM, RESOURCE_UOM, UNIT_GROUP, UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import type { Scenario } from '../Scenario';

/**
 * The unit group (and, with multiple units of measure, the unit) an item's or resource's product must have, in the
 * mode the scenario's unit-of-measure plugin runs in: the group coupled to the base unit of measure (UNIT OF MEASURE),
 * or the record's own group (UNIT GROUP) and the unit of its base unit (ITEM UOM / RESOURCE UOM).
 */
export async function expectedProductUnit(s: Scenario, sourceType: UnitGroupSourceType, no: string, baseUnit: string): Promise<Record<string, string>> {
  if (!s.host.mappings.all().some((m) => m.name === UNIT_GROUP)) return { _defaultuomscheduleid_value: await s.crmIdOf(UNIT_OF_MEASURE, baseUnit) };
  const unit =
    sourceType === 'Item'
      ? await s.erp().findOneOrFail(ItemUnitOfMeasureSchema, { itemNo: no, code: baseUnit })
      : await s.erp().findOneOrFail(ResourceUnitOfMeasureSchema, { resourceNo: no, code: baseUnit });
  return {
    _defaultuomscheduleid_value: await s.crmIdOf(UNIT_GROUP, unitGroupCode(sourceType, no)),
    _defaultuomid_value: await s.crmIdOf(sourceType === 'Item' ? ITEM_UOM : RESOURCE_UOM, unit.systemId),
  };
}
