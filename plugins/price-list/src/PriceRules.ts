import type { HostServices, RecordContext, Row, TransformContext } from '@tandem/core';
import { ItemSchema, ItemUnitOfMeasureSchema } from '@tandem/erp';
import { ITEM_UOM, PageLookup, UNIT_OF_MEASURE, baseUnitOfGroup, type UnitOfMeasureMode } from '@tandem/plugin-unit-of-measure';
import { priceListErrors } from './errors';
import { groupCurrencies } from './groupCurrencies';

/** A price's CRM unit, or why it has none (multiple units of measure). */
type PriceUnit = { unitId: string } | { missingUnit: string } | { itemHasNoUnit: true };

/**
 * The rules of SALESPRC-PRODPRICE that field mappings cannot say: a price of a group with several currencies fails as
 * its group does (the group may be coupled from before the second currency came), and the price list item's unit is
 * the CRM unit of the price's unit of measure (blank: the item's base unit). Where that unit comes from depends on
 * the unit-of-measure plugin's mode: one unit group per unit of measure → the base unit of the group coupled in
 * UNIT OF MEASURE; multiple units of measure (that mapping does not exist then) → the item's own unit of that code,
 * coupled in ITEM UOM (the reference: a sales price's unit is the item's unit of measure), looked up once per page.
 */
export class PriceRules {
  /** CRM unit id per unit of measure code, for one job (one unit group per unit of measure). */
  readonly #units = new Map<string, string>();
  /** The page's item units (multiple units of measure): fed by `collect` from the post-filter. */
  readonly #itemUnits: PageLookup<PriceUnit>;

  constructor(
    private readonly services: () => HostServices,
    private readonly mode: UnitOfMeasureMode,
  ) {
    this.#itemUnits = new PageLookup((rows) => this.#loadItemUnits(rows));
  }

  /** Job start: units are looked up afresh. */
  forget(): void {
    this.#units.clear();
    this.#itemUnits.forget();
  }

  /** The post-filter admitted a price: with multiple units of measure its unit is looked up with its page's. */
  collect(ctx: RecordContext): void {
    if (this.mode.multipleUnitsOfMeasure) this.#itemUnits.collect(ctx.source);
  }

  /** Before the transfer: the group must price in one currency. */
  async checkGroupCurrency(ctx: TransformContext): Promise<void> {
    const groupCode = String(ctx.source.values.salesCode);
    const used = await groupCurrencies(this.services().orm.em.fork(), groupCode);
    if (used.length > 1) throw priceListErrors.severalCurrencies(groupCode, used);
  }

  /** After the transfer: the price list item's unit (`uomid`). */
  async setUnit(ctx: TransformContext): Promise<void> {
    const unitId = this.mode.multipleUnitsOfMeasure ? await this.#itemUnitId(ctx.source) : await this.#sharedUnitId(ctx);
    if (ctx.action === 'insert' || ctx.destination?.values._uomid_value !== unitId) ctx.changes._uomid_value = unitId;
  }

  async #sharedUnitId(ctx: TransformContext): Promise<string> {
    const itemNo = String(ctx.source.values.itemNo);
    let unitCode = ctx.source.values.unitOfMeasureCode;
    if (typeof unitCode !== 'string' || unitCode === '') {
      const item = await this.services().orm.em.fork().findOne(ItemSchema, { no: itemNo }, { disableIdentityMap: true });
      unitCode = item?.baseUnitOfMeasure ?? '';
    }
    if (typeof unitCode !== 'string' || unitCode === '') throw priceListErrors.unitMissing(itemNo);
    const known = this.#units.get(unitCode);
    if (known) return known;
    const services = this.services();
    const coupling = await services.state.findCoupling(UNIT_OF_MEASURE, 'business', unitCode);
    const unit = coupling?.integrationId ? await baseUnitOfGroup(services.stores.integration, coupling.integrationId) : undefined;
    if (!unit) throw priceListErrors.unitNotCoupled(itemNo, unitCode);
    this.#units.set(unitCode, unit.id);
    return unit.id;
  }

  async #itemUnitId(price: Row): Promise<string> {
    const itemNo = String(price.values.itemNo);
    const found = await this.#itemUnits.get(price);
    if (!found || 'itemHasNoUnit' in found) throw priceListErrors.unitMissing(itemNo);
    if ('missingUnit' in found) throw priceListErrors.itemUnitNotCoupled(itemNo, found.missingUnit);
    return found.unitId;
  }

  /** A page of prices: their items' base units (for a blank unit), the items' units and their ITEM UOM couplings. */
  async #loadItemUnits(rows: readonly Row[]): Promise<ReadonlyMap<string, PriceUnit>> {
    const services = this.services();
    const em = services.orm.em.fork();
    const itemNos = [...new Set(rows.map((r) => String(r.values.itemNo)))];
    const items = await em.find(ItemSchema, { no: { $in: itemNos } }, { fields: ['no', 'baseUnitOfMeasure'], disableIdentityMap: true });
    const baseUnit = new Map(items.map((i) => [i.no, i.baseUnitOfMeasure ?? '']));
    const units = await em.find(ItemUnitOfMeasureSchema, { itemNo: { $in: itemNos } }, { fields: ['systemId', 'itemNo', 'code'], disableIdentityMap: true });
    const unitOf = new Map(units.map((u) => [`${u.itemNo}\u0000${u.code}`, u.systemId]));
    const couplings = await services.state.couplingsBy(ITEM_UOM, 'business', units.map((u) => u.systemId));
    return new Map(
      rows.map((row): [string, PriceUnit] => {
        const itemNo = String(row.values.itemNo);
        const own = row.values.unitOfMeasureCode;
        const code = typeof own === 'string' && own !== '' ? own : (baseUnit.get(itemNo) ?? '');
        if (code === '') return [row.id, { itemHasNoUnit: true }];
        const systemId = unitOf.get(`${itemNo}\u0000${code}`);
        const unitId = systemId ? couplings.get(systemId)?.integrationId : undefined;
        return [row.id, unitId ? { unitId } : { missingUnit: code }];
      }),
    );
  }
}
