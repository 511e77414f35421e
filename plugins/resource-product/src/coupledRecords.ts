import type { StateStore } from '@tandem/core';
import { RESOURCE_PRODUCT } from './resourceProductMapping';

/** The CRM product id of a resource (through its RESOURCE-PRODUCT coupling), or undefined when not coupled. */
export async function productIdOfResource(state: StateStore, resourceNo: string): Promise<string | undefined> {
  return (await state.findCoupling(RESOURCE_PRODUCT, 'business', resourceNo))?.integrationId ?? undefined;
}

/** The resource no. of a CRM product (through its RESOURCE-PRODUCT coupling), or undefined when not coupled. */
export async function resourceNoOfProduct(state: StateStore, productId: string): Promise<string | undefined> {
  return (await state.findCoupling(RESOURCE_PRODUCT, 'integration', productId))?.businessId ?? undefined;
}
