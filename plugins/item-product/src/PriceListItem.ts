import { valuesEqual, type TableStore } from '@tandem/core';
import { writeOne } from './crmWrite';

/** productpricelevel.pricingmethodcode "Currency Amount". */
const CURRENCY_AMOUNT = 1;

export interface PriceListItemTarget {
  productId: string;
  priceListId: string;
  unitId: string;
  amount: unknown;
}

/**
 * The product's price list item in the default price list (BC's UpdateCRMPriceListItem): created when missing, its unit
 * and amount brought back to the product's when they differ (a hand-edited amount is replaced on the item's next
 * sync). Returns what it did.
 */
export async function ensurePriceListItem(crm: TableStore, target: PriceListItemTarget): Promise<'created' | 'updated' | 'unchanged'> {
  const [existing] = await crm.findByValues('productpricelevel', {
    candidates: [{ _productid_value: target.productId, _pricelevelid_value: target.priceListId }],
  });
  const amount = target.amount ?? 0;
  if (!existing) {
    await writeOne(crm, 'productpricelevel', {
      kind: 'insert',
      values: {
        _pricelevelid_value: target.priceListId,
        _productid_value: target.productId,
        _uomid_value: target.unitId,
        amount,
        pricingmethodcode: CURRENCY_AMOUNT,
      },
    });
    return 'created';
  }
  const changes: Record<string, unknown> = {};
  if (existing.values._uomid_value !== target.unitId) changes._uomid_value = target.unitId;
  if (!valuesEqual(existing.values.amount, amount, 'decimal')) changes.amount = amount;
  if (existing.values.pricingmethodcode !== CURRENCY_AMOUNT) changes.pricingmethodcode = CURRENCY_AMOUNT;
  if (Object.keys(changes).length === 0) return 'unchanged';
  await writeOne(crm, 'productpricelevel', { kind: 'update', id: existing.id, values: changes });
  return 'updated';
}
