import { expect } from 'vitest';
import { UnitOfMeasureSchema } from '@tandem/erp';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import type { ScenarioEntry } from '../ScenarioEntry';

/** UNIT OF MEASURE → uomschedule: a unit group with one unit per ERP unit of measure. */
export const unitOfMeasure: ScenarioEntry = {
  plugin: UnitOfMeasurePlugin,
  mappings: { [UNIT_OF_MEASURE]: { toIntegration: { inserted: (s) => s.erp().count(UnitOfMeasureSchema, {}) } } },
  async checkFirstRun(s) {
    const group = await s.crmRow('uomschedule', await s.crmIdOf(UNIT_OF_MEASURE, 'HOUR'));
    expect(group.values).toMatchObject({ name: 'NAV HOUR', baseuomname: 'HOUR' });
    expect((await s.crmRows('uom', { _uomscheduleid_value: group.id })).map((u) => u.values.name)).toEqual(['HOUR']);
  },
};
