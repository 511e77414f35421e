import type { HostServices, TransformContext } from '@tandem/core';
import { ItemSchema } from '@tandem/erp';
import { UNIT_OF_MEASURE, baseUnitOfGroup } from '@tandem/plugin-unit-of-measure';
import { priceListErrors } from './errors';
import { groupCurrencies } from './groupCurrencies';

/**
 * The rules of SALESPRC-PRODPRICE that field mappings cannot say: a price of a group with several currencies fails as
 * its group does (the group may be coupled from before the second currency came), and the price list item's unit is
 * the CRM unit of the price's unit of measure (blank: the item's base unit), through the UNIT OF MEASURE coupling.
 */
export class PriceRules {
  /** CRM unit id per unit of measure code, for one job. */
  readonly #units = new Map<string, string>();

  constructor(private readonly services: () => HostServices) {}

  /** Job start: units are looked up afresh. */
  forget(): void {
    this.#units.clear();
  }

  /** Before the transfer: the group must price in one currency. */
  async checkGroupCurrency(ctx: TransformContext): Promise<void> {
    const groupCode = String(ctx.source.values.salesCode);
    const used = await groupCurrencies(this.services().orm.em.fork(), groupCode);
    if (used.length > 1) throw priceListErrors.severalCurrencies(groupCode, used);
  }

  /** After the transfer: the price list item's unit (`uomid`). */
  async setUnit(ctx: TransformContext): Promise<void> {
    const itemNo = String(ctx.source.values.itemNo);
    let unitCode = ctx.source.values.unitOfMeasureCode;
    if (typeof unitCode !== 'string' || unitCode === '') {
      const item = await this.services().orm.em.fork().findOne(ItemSchema, { no: itemNo }, { disableIdentityMap: true });
      unitCode = item?.baseUnitOfMeasure ?? '';
    }
    if (typeof unitCode !== 'string' || unitCode === '') throw priceListErrors.unitMissing(itemNo);
    const unitId = await this.#unitId(itemNo, unitCode);
    if (ctx.action === 'insert' || ctx.destination?.values._uomid_value !== unitId) ctx.changes._uomid_value = unitId;
  }

  async #unitId(itemNo: string, unitCode: string): Promise<string> {
    const known = this.#units.get(unitCode);
    if (known) return known;
    const services = this.services();
    const coupling = await services.state.findCoupling(UNIT_OF_MEASURE, 'business', unitCode);
    const unit = coupling?.integrationId ? await baseUnitOfGroup(services.stores.integration, coupling.integrationId) : undefined;
    if (!unit) throw priceListErrors.unitNotCoupled(itemNo, unitCode);
    this.#units.set(unitCode, unit.id);
    return unit.id;
  }
}
