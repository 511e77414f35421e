import type { HostServices, RecordContext, Row, TransformContext, WriteContext } from '@tandem/core';
import { ensurePriceListItem, nonNegative, productStateFor, type DefaultPriceList } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE, baseUnitOfGroup } from '@tandem/plugin-unit-of-measure';
import { updateOne } from './crmWrite';
import { resourceProductErrors } from './errors';

/** "Decimals Supported" of new products (BC's product quantity precision 2). */
const QUANTITY_DECIMALS = 2;

/** product.producttypecode labels, for messages. */
const PRODUCT_TYPES: Record<number, string> = { 1: 'Sales Inventory', 2: 'Miscellaneous Charges', 3: 'Services', 4: 'Flat Fees' };

/**
 * The ERP → CRM rules of RESOURCE-PRODUCT that field mappings cannot say, as ITEM-PRODUCT's for items: the base unit
 * must be coupled, the number must be free, the product gets its group's base unit, the local currency, a state
 * following Blocked and a price list item in the shared default price list; new products are activated after create.
 */
export class ServiceProductRules {
  readonly #baseUnits = new Map<string, Row>();

  constructor(
    private readonly services: () => HostServices,
    private readonly priceList: () => DefaultPriceList,
  ) {}

  /** Job start: units and price list are looked up afresh. */
  forget(): void {
    this.#baseUnits.clear();
    this.priceList().forget();
  }

  /** Before the transfer: the base unit must be set and coupled. */
  async checkBaseUnit(ctx: TransformContext): Promise<void> {
    const resourceNo = String(ctx.source.values.no);
    const unit = ctx.source.values.baseUnitOfMeasure;
    if (unit == null || unit === '') throw resourceProductErrors.baseUnitMissing(resourceNo);
    const coupling = await this.services().state.findCoupling(UNIT_OF_MEASURE, 'business', String(unit));
    if (!coupling?.integrationId) throw resourceProductErrors.baseUnitNotCoupled(resourceNo, String(unit));
  }

  /**
   * Before a create: no product may carry the resource's number yet. Dataverse would refuse the duplicate anyway; this
   * says why, and makes sure a resource never lands on an item's product.
   */
  async checkNumberFree(ctx: TransformContext): Promise<void> {
    if (ctx.action !== 'insert') return;
    const resourceNo = String(ctx.source.values.no);
    const [taken] = await this.services().stores.integration.findByValues('product', { candidates: [{ productnumber: resourceNo }] });
    if (taken) throw resourceProductErrors.numberTaken(resourceNo, PRODUCT_TYPES[Number(taken.values.producttypecode)] ?? 'of no type');
  }

  /** After the transfer: unit, currency, quantity decimals, state, price list (and its item, for existing products). */
  async completeProduct(ctx: TransformContext): Promise<void> {
    const current = ctx.destination?.values ?? {};
    const setIfDifferent = (field: string, value: unknown) => {
      if (ctx.action === 'insert' || current[field] !== value) ctx.changes[field] = value;
    };
    const groupId = String(ctx.changes._defaultuomscheduleid_value ?? current._defaultuomscheduleid_value);
    const unit = await this.#baseUnit(groupId);
    setIfDifferent('_defaultuomid_value', unit.id);
    setIfDifferent('_transactioncurrencyid_value', await this.priceList().currencyId());
    if (ctx.action === 'insert') {
      ctx.changes.quantitydecimal = QUANTITY_DECIMALS;
      return; // state and price list are set after the create (Dataverse takes neither on create)
    }
    setIfDifferent('statecode', productStateFor(ctx.source.values.blocked));
    const priceListId = await this.priceList().id();
    setIfDifferent('_pricelevelid_value', priceListId);
    await ensurePriceListItem(this.services().stores.integration, {
      productId: ctx.destination!.id, priceListId, unitId: unit.id, amount: nonNegative(ctx.source.values.unitPrice),
    });
  }

  /** After a product was created: its price list item, then the price list and state (Draft → Active or Retired). */
  async completeNewProduct(ctx: WriteContext): Promise<void> {
    const crm = this.services().stores.integration;
    const productId = ctx.result!.id;
    const priceListId = await this.priceList().id();
    await ensurePriceListItem(crm, { productId, priceListId, unitId: String(ctx.values._defaultuomid_value), amount: ctx.values.price });
    await updateOne(crm, 'product', productId, { _pricelevelid_value: priceListId, statecode: productStateFor(ctx.source.values.blocked) });
  }

  /** The post-filter: a blocked resource without a product is left out; a coupled one travels, so its product retires. */
  ignoreBlockedUncoupled(ctx: RecordContext): boolean | undefined {
    return ctx.source.values.blocked === true && !ctx.coupling?.integrationId ? true : undefined;
  }

  async #baseUnit(groupId: string): Promise<Row> {
    const known = this.#baseUnits.get(groupId);
    if (known) return known;
    const unit = await baseUnitOfGroup(this.services().stores.integration, groupId);
    if (!unit) throw resourceProductErrors.unitGroupHasNoUnit(groupId);
    this.#baseUnits.set(groupId, unit);
    return unit;
  }
}
