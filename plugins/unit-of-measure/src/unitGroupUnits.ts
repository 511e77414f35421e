import type { Row, TableStore } from '@tandem/core';

/** The units (`uom` rows) of a CRM unit group. */
export async function unitsOfGroup(store: TableStore, groupId: string): Promise<Row[]> {
  return store.findByValues('uom', { candidates: [{ _uomscheduleid_value: groupId }] });
}

/**
 * The base unit of a CRM unit group: the unit marked `isschedulebaseuom`, or the only unit. `undefined` when the group
 * has none. The ITEM-PRODUCT mapping writes it to a product's `defaultuomid`.
 */
export async function baseUnitOfGroup(store: TableStore, groupId: string): Promise<Row | undefined> {
  const units = await unitsOfGroup(store, groupId);
  return units.find((unit) => unit.values.isschedulebaseuom === true) ?? (units.length === 1 ? units[0] : undefined);
}
