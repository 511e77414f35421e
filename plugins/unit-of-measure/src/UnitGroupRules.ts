import type { Row, TableStore } from '@tandem/core';
import { unitOfMeasureErrors } from './errors';
import { unitsOfGroup } from './unitGroupUnits';

/** statecode of an inactive unit group. */
const INACTIVE = 1;

/**
 * The seed's rule "there can only be one unit of measure defined in the unit group", and NAV's checks of a unit group
 * that already exists: an inactive group, or one with more than one unit, fails the record. The one unit is renamed to
 * the unit of measure's code when its name differs (NAV keeps the unit name in step the same way).
 */
export async function checkUnitGroup(store: TableStore, group: Row, code: string): Promise<void> {
  const name = String(group.values.name ?? '');
  if (group.values.statecode === INACTIVE) throw unitOfMeasureErrors.groupInactive(name);
  const units = await unitsOfGroup(store, group.id);
  if (units.length > 1) throw unitOfMeasureErrors.groupHasSeveralUnits(name, units.map((unit) => String(unit.values.name)));
  const unit = units[0];
  if (!unit) throw unitOfMeasureErrors.groupHasNoUnit(name);
  if (unit.values.name !== code) {
    const [result] = await store.write('uom', [{ kind: 'update', ref: 'unit-name', id: unit.id, values: { name: code } }]);
    if (result && !result.ok) throw result.error;
  }
}

/** Finds an existing CRM unit group by name (NAV's OnFindUncoupledDestinationRecord for units of measure). */
export async function findUnitGroupByName(store: TableStore, name: string): Promise<Row | undefined> {
  const groups = await store.findByValues('uomschedule', { candidates: [{ name }] });
  if (groups.length > 1) throw unitOfMeasureErrors.groupAmbiguous(name, groups.length);
  return groups[0];
}
