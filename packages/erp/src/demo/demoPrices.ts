import type { CustomerPriceGroup } from '../entities/CustomerPriceGroup';
import type { Item } from '../entities/Item';
import type { SalesPrice } from '../entities/SalesPrice';
import { Dec } from '../money/Decimal';
import type { Prng } from './Prng';

/** The demo customer price groups: a retail and a wholesale list. */
const GROUPS = [
  { code: 'RETAIL', description: 'Retail prices' },
  { code: 'WHOLESALE', description: 'Wholesale prices' },
] as const;

/**
 * Two customer price groups, each with a price in the local currency (blank code) for the first unblocked items
 * (up to 5; wholesale 10 % under the item's price), plus one price for all customers that the CRM never sees
 * (only Customer Price Group prices are synchronized).
 */
export function demoPrices(p: Prng, items: Item[], now: Date): { groups: CustomerPriceGroup[]; prices: SalesPrice[] } {
  const stamp = () => ({ systemId: p.uuid(), modifiedAt: now });
  const groups = GROUPS.map((g) => ({ ...g, priceIncludesVat: false, allowInvoiceDisc: true, allowLineDisc: true, ...stamp() }));
  const priced = items.filter((i) => !i.blocked).slice(0, 5);
  const price = (item: Item, salesType: SalesPrice['salesType'], salesCode: string, factor: string): SalesPrice => ({
    itemNo: item.no, salesType, salesCode, currencyCode: '', startingDate: null,
    unitPrice: Dec.of(item.unitPrice).times(Dec.of(factor)).round(Dec.of('0.01')).toString(),
    priceIncludesVat: false, allowInvoiceDisc: true, allowLineDisc: true, unitOfMeasureCode: '', minimumQuantity: '0',
    endingDate: null, variantCode: '', ...stamp(),
  });
  const prices = [
    ...priced.map((item) => price(item, 'Customer Price Group', 'RETAIL', '1')),
    ...priced.map((item) => price(item, 'Customer Price Group', 'WHOLESALE', '0.9')),
    ...priced.slice(0, 1).map((item) => price(item, 'All Customers', '', '0.95')),
  ];
  return { groups, prices };
}
