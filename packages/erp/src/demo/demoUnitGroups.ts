import type { Item } from '../entities/Item';
import type { ItemUnitOfMeasure } from '../entities/ItemUnitOfMeasure';
import type { Resource } from '../entities/Resource';
import type { ResourceUnitOfMeasure } from '../entities/ResourceUnitOfMeasure';
import { unitGroupCode, type UnitGroup } from '../entities/UnitGroup';
import type { Prng } from './Prng';

/** The extra unit an item counted in pieces is also sold in, and how many pieces it holds. */
const PIECES_PER_BOX = '12';
/** Hours in a resource's extra unit `SET` (a day's work of 8 hours; the demo units have no DAY). */
const HOURS_PER_SET = '8';

/**
 * Each item's and resource's own unit group (BC's data upgrade of the multiple-units-of-measure switch) with its
 * units: the base unit (quantity 1) for every item and resource, plus `BOX` (12 pieces) for items counted in `PCS`
 * and `SET` (8 hours) for resources. Rows without a base unit get a unit group and no units.
 */
export function demoUnitGroups(
  p: Prng, items: readonly Item[], resources: readonly Resource[], now: Date,
): { groups: UnitGroup[]; itemUnits: ItemUnitOfMeasure[]; resourceUnits: ResourceUnitOfMeasure[] } {
  const stamp = () => ({ systemId: p.uuid(), modifiedAt: now });
  const groups: UnitGroup[] = [
    ...items.map((i) => ({ code: unitGroupCode('Item', i.no), sourceType: 'Item' as const, sourceNo: i.no, ...stamp() })),
    ...resources.map((r) => ({ code: unitGroupCode('Resource', r.no), sourceType: 'Resource' as const, sourceNo: r.no, ...stamp() })),
  ];
  const itemUnits: ItemUnitOfMeasure[] = items.flatMap((i) => {
    if (!i.baseUnitOfMeasure) return [];
    const base = { itemNo: i.no, code: i.baseUnitOfMeasure, qtyPerUnitOfMeasure: '1', ...stamp() };
    return i.baseUnitOfMeasure === 'PCS' ? [base, { itemNo: i.no, code: 'BOX', qtyPerUnitOfMeasure: PIECES_PER_BOX, ...stamp() }] : [base];
  });
  const resourceUnits: ResourceUnitOfMeasure[] = resources.flatMap((r) =>
    r.baseUnitOfMeasure
      ? [
          { resourceNo: r.no, code: r.baseUnitOfMeasure, qtyPerUnitOfMeasure: '1', ...stamp() },
          ...(r.baseUnitOfMeasure === 'HOUR' ? [{ resourceNo: r.no, code: 'SET', qtyPerUnitOfMeasure: HOURS_PER_SET, ...stamp() }] : []),
        ]
      : [],
  );
  return { groups, itemUnits, resourceUnits };
}
