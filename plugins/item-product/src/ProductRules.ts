import type { HostServices, RecordContext, Row, TransformContext, WriteContext } from '@tandem/core';
import { UNIT_OF_MEASURE, baseUnitOfGroup } from '@tandem/plugin-unit-of-measure';
import type { DefaultPriceList } from './DefaultPriceList';
import { writeOne } from './crmWrite';
import { itemProductErrors } from './errors';
import { nonNegative } from './nonNegative';
import { ensurePriceListItem } from './PriceListItem';
import { productStateFor } from './productState';

/** The errors the product rules raise: ITEM-PRODUCT's own by default; a plugin reusing the rules passes its own. */
export interface ProductRuleErrors {
  baseUnitMissing(no: string): Error;
  baseUnitNotCoupled(no: string, unit: string): Error;
  unitGroupHasNoUnit(groupId: string): Error;
  crmWriteFailed(what: string, cause: Error): Error;
}

/** "Decimals Supported" of new products (BC's product quantity precision 2). */
const QUANTITY_DECIMALS = 2;

/**
 * The ERP → CRM rules of ITEM-PRODUCT that field mappings cannot say (BC's CU 5341/5342 for Item → CRM Product):
 * the base unit must be coupled, the product gets its group's base unit, the local currency, a state following Blocked,
 * and a price list item in the default price list; new products (Draft in Dataverse) are activated after create.
 * RESOURCE-PRODUCT reuses them for service products, with its own errors.
 */
export class ProductRules {
  readonly #baseUnits = new Map<string, Row>();

  constructor(
    protected readonly services: () => HostServices,
    protected readonly priceList: () => DefaultPriceList,
    protected readonly errors: ProductRuleErrors = itemProductErrors,
  ) {}

  /** Job start: units and price list are looked up afresh. */
  forget(): void {
    this.#baseUnits.clear();
    this.priceList().forget();
  }

  /** Before the transfer: the record's base unit must be set and coupled (NAV's TESTFIELD, BC's "must be coupled"). */
  async checkBaseUnit(ctx: TransformContext): Promise<void> {
    const recordNo = String(ctx.source.values.no);
    const unit = ctx.source.values.baseUnitOfMeasure;
    if (unit == null || unit === '') throw this.errors.baseUnitMissing(recordNo);
    const coupling = await this.services().state.findCoupling(UNIT_OF_MEASURE, 'business', String(unit));
    if (!coupling?.integrationId) throw this.errors.baseUnitNotCoupled(recordNo, String(unit));
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
      return; // state and price list are set after the create (statecode and pricelevelid cannot be written on create)
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
    await ensurePriceListItem(crm, {
      productId, priceListId, unitId: String(ctx.values._defaultuomid_value), amount: ctx.values.price,
    });
    await writeOne(crm, 'product', {
      kind: 'update', id: productId, values: { _pricelevelid_value: priceListId, statecode: productStateFor(ctx.source.values.blocked) },
    }, this.errors);
  }

  /** The post-filter: a blocked record without a product is left out; a coupled one travels, so its product retires. */
  ignoreBlockedUncoupled(ctx: RecordContext): boolean | undefined {
    return ctx.source.values.blocked === true && !ctx.coupling?.integrationId ? true : undefined;
  }

  async #baseUnit(groupId: string): Promise<Row> {
    const known = this.#baseUnits.get(groupId);
    if (known) return known;
    const unit = await baseUnitOfGroup(this.services().stores.integration, groupId);
    if (!unit) throw this.errors.unitGroupHasNoUnit(groupId);
    this.#baseUnits.set(groupId, unit);
    return unit;
  }
}

