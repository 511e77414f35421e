import type { EntityManager } from '@mikro-orm/core';
import { SalesPriceSchema } from '@tandem/erp';
import { CUSTOMER_PRICE_GROUP } from './constants';

/** The distinct currency codes (`''` = local currency) of a customer price group's sales prices, sorted. */
export async function groupCurrencies(em: EntityManager, groupCode: string): Promise<string[]> {
  const prices = await em.find(
    SalesPriceSchema,
    { salesType: CUSTOMER_PRICE_GROUP, salesCode: groupCode },
    { fields: ['currencyCode'], disableIdentityMap: true },
  );
  return [...new Set(prices.map((p) => p.currencyCode ?? ''))].sort();
}
