import type { HostServices, RecordContext, Row, TransformContext } from '@tandem/core';
import { ProductRules, type DefaultPriceList } from '@tandem/plugin-item-product';
import { PageLookup, type UnitOfMeasureMode } from '@tandem/plugin-unit-of-measure';
import { resourceProductErrors } from './errors';

/** product.producttypecode labels, for messages. */
const PRODUCT_TYPES: Record<number, string> = { 1: 'Sales Inventory', 2: 'Miscellaneous Charges', 3: 'Services', 4: 'Flat Fees' };

/**
 * The ERP → CRM rules of RESOURCE-PRODUCT: ITEM-PRODUCT's product rules (the base unit must be coupled, the product
 * gets its unit group and unit, the local currency, a state following Blocked and a price list item in the shared
 * default price list; new products are activated after create) with this plugin's errors, plus one of its own: the
 * number must be free.
 */
export class ServiceProductRules extends ProductRules {
  /** Per resource without a product: the type of the CRM product that already carries its number, if any. */
  readonly #numbersTaken: PageLookup<string>;

  constructor(services: () => HostServices, priceList: () => DefaultPriceList, mode: UnitOfMeasureMode) {
    super(services, priceList, mode, resourceProductErrors, 'Resource');
    this.#numbersTaken = new PageLookup((rows) => this.#productsNumbered(rows));
  }

  override forget(): void {
    super.forget();
    this.#numbersTaken.forget();
  }

  /** The post-filter admitted a record toward the CRM: units, and for one without a product its number, per page. */
  override collect(ctx: RecordContext): void {
    super.collect(ctx);
    if (!ctx.coupling?.integrationId) this.#numbersTaken.collect(ctx.source);
  }

  /**
   * Before a create: no product may carry the resource's number yet. Dataverse would refuse the duplicate anyway; this
   * says why, and makes sure a resource never lands on an item's product. The numbers of a page's new resources are
   * looked up in one read.
   */
  async checkNumberFree(ctx: TransformContext): Promise<void> {
    if (ctx.action !== 'insert') return;
    const taken = await this.#numbersTaken.get(ctx.source);
    if (taken !== undefined) throw resourceProductErrors.numberTaken(String(ctx.source.values.no), taken);
  }

  async #productsNumbered(rows: readonly Row[]): Promise<ReadonlyMap<string, string>> {
    const numbers = [...new Set(rows.map((r) => String(r.values.no)))];
    const products = await this.services().stores.integration.findByValues('product', { candidates: numbers.map((productnumber) => ({ productnumber })) });
    const typeOf = new Map(products.map((p) => [String(p.values.productnumber), PRODUCT_TYPES[Number(p.values.producttypecode)] ?? 'of no type']));
    const taken = new Map<string, string>();
    for (const row of rows) {
      const type = typeOf.get(String(row.values.no));
      if (type !== undefined) taken.set(row.id, type);
    }
    return taken;
  }
}
