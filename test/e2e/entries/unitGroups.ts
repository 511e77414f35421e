import { expect } from 'vitest';
import { ItemUnitOfMeasureSchema, ResourceUnitOfMeasureSchema, UnitGroupSchema, unitGroupCode } from '@tandem/erp';
import { ITEM_UOM, RESOURCE_UOM, UNIT_GROUP, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import type { ScenarioEntry } from '../ScenarioEntry';

/**
 * The unit-of-measure plugin with its feature switch on (`multipleUnitsOfMeasure`, the seed's "Multiple Units of
 * Measure Synchronization"): UNIT GROUP → uomschedule, a unit group per item and resource; ITEM UOM and RESOURCE UOM →
 * uom, each item's and resource's units in its group. They replace UNIT OF MEASURE (the `unitOfMeasure` entry).
 */
export const unitGroups: ScenarioEntry = {
  plugin: UnitOfMeasurePlugin.withOptions({ multipleUnitsOfMeasure: true }),
  mappings: {
    [UNIT_GROUP]: { toIntegration: { inserted: (s) => s.erp().count(UnitGroupSchema, {}) } },
    [ITEM_UOM]: { toIntegration: { inserted: (s) => s.erp().count(ItemUnitOfMeasureSchema, {}) } },
    [RESOURCE_UOM]: { toIntegration: { inserted: (s) => s.erp().count(ResourceUnitOfMeasureSchema, {}) } },
  },
  async checkFirstRun(s) {
    const [unit] = await s.erp().find(ItemUnitOfMeasureSchema, { qtyPerUnitOfMeasure: { $ne: '1' } }, { orderBy: { itemNo: 'asc' }, limit: 1 });
    const code = unitGroupCode('Item', unit!.itemNo);
    const group = await s.crmRow('uomschedule', await s.crmIdOf(UNIT_GROUP, code));
    expect(group.values).toMatchObject({ name: code, baseuomname: unit!.itemNo });
    const crmUnit = await s.crmRow('uom', await s.crmIdOf(ITEM_UOM, unit!.systemId));
    expect(crmUnit.values).toMatchObject({ name: unit!.code, _uomscheduleid_value: group.id });
    expect(Number(crmUnit.values.quantity)).toBe(Number(unit!.qtyPerUnitOfMeasure));
    const units = await s.erp().count(ItemUnitOfMeasureSchema, { itemNo: unit!.itemNo });
    expect(await s.crmRows('uom', { _uomscheduleid_value: group.id })).toHaveLength(units + 1); // and the group's base unit
  },
};
