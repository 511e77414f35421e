import type { HostServices, RecordContext, Row, TransformContext, WriteContext } from '@tandem/core';
import type { UnitGroupSourceType } from '@tandem/erp';
import {
  UNIT_OF_MEASURE, baseUnitOfGroup, productUnitsLookup, type PageLookup, type ProductUnit, type UnitOfMeasureMode,
} from '@tandem/plugin-unit-of-measure';
import type { DefaultPriceList } from './DefaultPriceList';
import { writeOne } from './crmWrite';
import { itemProductErrors } from './errors';
import { nonNegative } from './nonNegative';
import { ensurePriceListItem } from './PriceListItem';
import { productStateFor } from './productState';

/** The errors the product rules raise: ITEM-PRODUCT's own by default; a plugin reusing the rules passes its own. */
export interface ProductRuleErrors {
  baseUnitMissing(no: string): Error;
  /** `mapping`: the unit mapping whose coupling is missing (`UNIT OF MEASURE`, `UNIT GROUP`, `ITEM UOM`, `RESOURCE UOM`). */
  baseUnitNotCoupled(no: string, unit: string, mapping: string): Error;
  unitGroupHasNoUnit(groupId: string): Error;
  crmWriteFailed(what: string, cause: Error): Error;
}

/** "Decimals Supported" of new products (BC's product quantity precision 2). */
const QUANTITY_DECIMALS = 2;

/**
 * The ERP → CRM rules of ITEM-PRODUCT that field mappings cannot say (BC's CU 5341/5342 for Item → CRM Product):
 * the base unit must be coupled, the product gets its unit group and that group's unit, the local currency, a state
 * following Blocked, and a price list item in the default price list; new products (Draft in Dataverse) are activated
 * after create. RESOURCE-PRODUCT reuses them for service products, with its own errors and source type.
 *
 * The unit group comes from the mode of `UnitOfMeasurePlugin`: the group of the base unit of measure (one group per
 * unit of measure), or the record's own unit group and its base unit's CRM unit (multiple units of measure). The
 * couplings are looked up once per page (`collect` from the post-filter, then `PageLookup`).
 */
export class ProductRules {
  readonly #baseUnits = new Map<string, Row>();
  readonly #units: PageLookup<ProductUnit>;

  constructor(
    protected readonly services: () => HostServices,
    protected readonly priceList: () => DefaultPriceList,
    protected readonly mode: UnitOfMeasureMode,
    protected readonly errors: ProductRuleErrors = itemProductErrors,
    sourceType: UnitGroupSourceType = 'Item',
  ) {
    this.#units = productUnitsLookup(services, mode, sourceType);
  }

  /** Job start: units and price list are looked up afresh. */
  forget(): void {
    this.#baseUnits.clear();
    this.#units.forget();
    this.priceList().forget();
  }

  /** The post-filter admitted a record toward the CRM: its units are looked up with the rest of its page. */
  collect(ctx: RecordContext): void {
    this.#units.collect(ctx.source);
  }

  /** Before the transfer: the record's base unit must be set and coupled (NAV's TESTFIELD, BC's "must be coupled"). */
  async checkBaseUnit(ctx: TransformContext): Promise<void> {
    const recordNo = String(ctx.source.values.no);
    const unit = ctx.source.values.baseUnitOfMeasure;
    if (unit == null || unit === '') throw this.errors.baseUnitMissing(recordNo);
    const found = await this.#units.get(ctx.source);
    if (!found || found.missing) throw this.errors.baseUnitNotCoupled(recordNo, String(unit), found?.missing ?? UNIT_OF_MEASURE);
  }

  /** After the transfer: unit, currency, quantity decimals, state, price list (and its item, for existing products). */
  async completeProduct(ctx: TransformContext): Promise<void> {
    const current = ctx.destination?.values ?? {};
    const setIfDifferent = (field: string, value: unknown) => {
      if (ctx.action === 'insert' || current[field] !== value) ctx.changes[field] = value;
    };
    // Multiple units of measure: the record's own group and its base unit's unit (no field mapping can say them).
    const own = this.mode.multipleUnitsOfMeasure ? await this.#units.get(ctx.source) : undefined;
    if (own?.scheduleId) setIfDifferent('_defaultuomscheduleid_value', own.scheduleId);
    const groupId = String(ctx.changes._defaultuomscheduleid_value ?? current._defaultuomscheduleid_value);
    const unitId = own?.unitId ?? (await this.#baseUnit(groupId)).id;
    setIfDifferent('_defaultuomid_value', unitId);
    setIfDifferent('_transactioncurrencyid_value', await this.priceList().currencyId());
    if (ctx.action === 'insert') {
      ctx.changes.quantitydecimal = QUANTITY_DECIMALS;
      return; // state and price list are set after the create (statecode and pricelevelid cannot be written on create)
    }
    setIfDifferent('statecode', productStateFor(ctx.source.values.blocked));
    const priceListId = await this.priceList().id();
    setIfDifferent('_pricelevelid_value', priceListId);
    await ensurePriceListItem(this.services().stores.integration, {
      productId: ctx.destination!.id, priceListId, unitId, amount: nonNegative(ctx.source.values.unitPrice),
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

