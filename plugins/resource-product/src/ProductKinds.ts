import type { HostServices, RecordContext, ResolveMappingContext } from '@tandem/core';
import { ITEM_PRODUCT, SALES_INVENTORY } from '@tandem/plugin-item-product';
import { RESOURCE_PRODUCT, SERVICES } from './resourceProductMapping';

/**
 * Keeps items' and resources' products apart in the one `product` table. Each mapping reads only its product type
 * (its `integrationFilter`); on top of that:
 * - `resolve` picks the mapping of one product row (for `engine.syncTableRecord('integration', 'product', id)`): the
 *   mapping it is coupled through, else the one of its product type;
 * - `coupledElsewhere` leaves out a product already coupled through the other mapping, so a product whose type was
 *   changed in the CRM never turns an item into a resource or the reverse.
 */
export class ProductKinds {
  constructor(private readonly services: () => HostServices) {}

  async resolve(ctx: ResolveMappingContext): Promise<string | undefined> {
    if (ctx.side !== 'integration' || ctx.table !== 'product' || !ctx.row) return undefined;
    const names = ctx.candidates.map((m) => m.name);
    if (!names.includes(RESOURCE_PRODUCT)) return undefined;
    for (const name of [RESOURCE_PRODUCT, ITEM_PRODUCT]) {
      if (names.includes(name) && (await this.services().state.findCoupling(name, 'integration', ctx.row.id))) return name;
    }
    const type = ctx.row.values.producttypecode;
    if (type === SERVICES) return RESOURCE_PRODUCT;
    if (type === SALES_INVENTORY && names.includes(ITEM_PRODUCT)) return ITEM_PRODUCT;
    return undefined;
  }

  /** The post-filter of each mapping toward the ERP: true when `other` has coupled the product. */
  async coupledElsewhere(ctx: RecordContext, other: string): Promise<boolean | undefined> {
    if (ctx.direction !== 'fromIntegration') return undefined;
    return (await this.services().state.findCoupling(other, 'integration', ctx.source.id)) ? true : undefined;
  }
}
