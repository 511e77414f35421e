import type { HostServices, TransformContext } from '@tandem/core';
import { ProductRules, type DefaultPriceList } from '@tandem/plugin-item-product';
import { resourceProductErrors } from './errors';

/** product.producttypecode labels, for messages. */
const PRODUCT_TYPES: Record<number, string> = { 1: 'Sales Inventory', 2: 'Miscellaneous Charges', 3: 'Services', 4: 'Flat Fees' };

/**
 * The ERP → CRM rules of RESOURCE-PRODUCT: ITEM-PRODUCT's product rules (the base unit must be coupled, the product
 * gets its group's base unit, the local currency, a state following Blocked and a price list item in the shared
 * default price list; new products are activated after create) with this plugin's errors, plus one of its own: the
 * number must be free.
 */
export class ServiceProductRules extends ProductRules {
  constructor(services: () => HostServices, priceList: () => DefaultPriceList) {
    super(services, priceList, resourceProductErrors);
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
}
