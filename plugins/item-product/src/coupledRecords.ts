import type { StateStore } from '@tandem/core';
import { ITEM_PRODUCT } from './itemProductMapping';

/** The CRM product id of an item (through its ITEM-PRODUCT coupling), or undefined when the item is not coupled. */
export async function productIdOfItem(state: StateStore, itemNo: string): Promise<string | undefined> {
  return (await state.findCoupling(ITEM_PRODUCT, 'business', itemNo))?.integrationId ?? undefined;
}

/** The item no. of a CRM product (through its ITEM-PRODUCT coupling), or undefined when the product is not coupled. */
export async function itemNoOfProduct(state: StateStore, productId: string): Promise<string | undefined> {
  return (await state.findCoupling(ITEM_PRODUCT, 'integration', productId))?.businessId ?? undefined;
}
