import type { HostServices, Row } from '@tandem/core';
import { ItemUnitOfMeasureSchema, ResourceUnitOfMeasureSchema, UnitGroupSchema, type UnitGroupSourceType } from '@tandem/erp';
import { PageLookup } from './PageLookup';
import { ITEM_UOM, RESOURCE_UOM, UNIT_GROUP } from './unitGroupMappings';
import type { UnitOfMeasureMode } from './unitOfMeasureMode';
import { UNIT_OF_MEASURE } from './unitOfMeasureMapping';

/** The CRM unit group and unit of an item's or resource's product. */
export interface ProductUnit {
  /** The CRM unit group (`defaultuomscheduleid`); undefined when not coupled yet. */
  scheduleId?: string;
  /** The CRM unit of the base unit of measure (`defaultuomid`); with multiple units of measure only. */
  unitId?: string;
  /** The mapping whose coupling is missing, for the error message. */
  missing?: string;
}

/**
 * The unit group and unit of the products of a page of items or resources, for ITEM-PRODUCT and RESOURCE-PRODUCT,
 * in the mode `UnitOfMeasurePlugin` runs in:
 * - one unit group per unit of measure: the group coupled to the base unit of measure (`UNIT OF MEASURE`), one
 *   state query per page; the unit is that group's base unit (the product rules read it once per group);
 * - multiple units of measure: the record's own unit group (`UNIT GROUP`) and the unit of its base unit of measure
 *   (`ITEM UOM` / `RESOURCE UOM`): one ERP query per table and two state queries per page.
 * Rows are items or resources (`no`, `baseUnitOfMeasure`). Feed it from the mapping's `onQueryPostFilter` (`collect`).
 */
export function productUnitsLookup(services: () => HostServices, mode: UnitOfMeasureMode, sourceType: UnitGroupSourceType): PageLookup<ProductUnit> {
  return new PageLookup(async (rows) => (mode.multipleUnitsOfMeasure ? ownGroups(services(), sourceType, rows) : sharedGroups(services(), rows)));
}

async function sharedGroups(services: HostServices, rows: readonly Row[]): Promise<ReadonlyMap<string, ProductUnit>> {
  const units = [...new Set(rows.map((r) => r.values.baseUnitOfMeasure).filter((u): u is string => typeof u === 'string' && u !== ''))];
  const couplings = await services.state.couplingsBy(UNIT_OF_MEASURE, 'business', units);
  return new Map(
    rows.map((row) => {
      const scheduleId = couplings.get(String(row.values.baseUnitOfMeasure))?.integrationId ?? undefined;
      return [row.id, scheduleId ? { scheduleId } : { missing: UNIT_OF_MEASURE }];
    }),
  );
}

async function ownGroups(services: HostServices, sourceType: UnitGroupSourceType, rows: readonly Row[]): Promise<ReadonlyMap<string, ProductUnit>> {
  const em = services.orm.em.fork();
  const nos = rows.map((r) => String(r.values.no));
  const groups = await em.find(UnitGroupSchema, { sourceType, sourceNo: { $in: nos } }, { fields: ['code', 'sourceNo'] });
  const units =
    sourceType === 'Item'
      ? (await em.find(ItemUnitOfMeasureSchema, { itemNo: { $in: nos } }, { fields: ['systemId', 'itemNo', 'code'] })).map((u) => ({ id: u.systemId, no: u.itemNo, code: u.code }))
      : (await em.find(ResourceUnitOfMeasureSchema, { resourceNo: { $in: nos } }, { fields: ['systemId', 'resourceNo', 'code'] })).map((u) => ({
          id: u.systemId, no: u.resourceNo, code: u.code,
        }));
  const unitMapping = sourceType === 'Item' ? ITEM_UOM : RESOURCE_UOM;
  const groupCouplings = await services.state.couplingsBy(UNIT_GROUP, 'business', groups.map((g) => g.code));
  const unitCouplings = await services.state.couplingsBy(unitMapping, 'business', units.map((u) => u.id));
  const groupOf = new Map(groups.map((g) => [g.sourceNo, groupCouplings.get(g.code)?.integrationId ?? undefined]));
  const unitOf = new Map(units.map((u) => [`${u.no}\u0000${u.code}`, u.id]));
  return new Map(
    rows.map((row) => {
      const no = String(row.values.no);
      const scheduleId = groupOf.get(no);
      const base = unitOf.get(`${no}\u0000${String(row.values.baseUnitOfMeasure)}`);
      const unitId = base ? (unitCouplings.get(base)?.integrationId ?? undefined) : undefined;
      const missing = !scheduleId ? UNIT_GROUP : !unitId ? unitMapping : undefined;
      return [row.id, { ...(scheduleId ? { scheduleId } : {}), ...(unitId ? { unitId } : {}), ...(missing ? { missing } : {}) }];
    }),
  );
}
