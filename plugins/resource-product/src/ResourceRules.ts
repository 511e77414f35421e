import type { WriteContext } from '@tandem/core';
import { ItemRules } from '@tandem/plugin-item-product';

/**
 * The CRM → ERP rules of RESOURCE-PRODUCT: those of items (Blocked follows the product's state, an uncoupled product
 * that is not Active is left out, a new record takes the product's number and base unit), and a new resource is a
 * Person.
 */
export class ResourceRules extends ItemRules {
  /** A new resource (full sync of an uncoupled service product): number and base unit from the product, a Person. */
  async newResourceKeys(ctx: WriteContext): Promise<void> {
    await this.newItemKeys(ctx);
    ctx.values.type ??= 'Person';
  }
}
