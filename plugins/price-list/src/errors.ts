import { TandemError } from '@tandem/core';

/** The stable codes of this plugin's errors. */
export const PriceListErrorCodes = {
  SEVERAL_CURRENCIES: 'TANDEM_PRICE_LIST_SEVERAL_CURRENCIES',
  CURRENCY_NOT_COUPLED: 'TANDEM_PRICE_LIST_CURRENCY_NOT_COUPLED',
  UNIT_MISSING: 'TANDEM_PRICE_LIST_UNIT_MISSING',
  UNIT_NOT_COUPLED: 'TANDEM_PRICE_LIST_UNIT_NOT_COUPLED',
} as const;

const currencyName = (code: string) => (code === '' ? '(local currency)' : code);

/**
 * Message factories. A hook wraps what its tap throws (`TANDEM_HOOK_FAILED` is the stored code), so each message ends
 * with its own code: the stored job error still says which rule failed.
 */
export const priceListErrors = {
  /** The seed: "you must create a separate customer price group for each currency". */
  severalCurrencies: (groupCode: string, currencies: readonly string[]) =>
    new TandemError(
      PriceListErrorCodes.SEVERAL_CURRENCIES,
      `Customer price group ${groupCode} has sales prices in several currencies (${currencies.map(currencyName).join(', ')}), ` +
        `but a CRM price list has one currency. Split the group: create one customer price group per currency and move ` +
        `each currency's prices to its own group (${PriceListErrorCodes.SEVERAL_CURRENCIES})`,
      { errorClass: 'validation' },
    ),
  currencyNotCoupled: (groupCode: string, currencyCode: string) =>
    new TandemError(
      PriceListErrorCodes.CURRENCY_NOT_COUPLED,
      `Customer price group ${groupCode}: its prices' currency ${currencyName(currencyCode)} is not coupled to a CRM currency. ` +
        `Synchronize the CURRENCY mapping first, then this group again (${PriceListErrorCodes.CURRENCY_NOT_COUPLED})`,
      { errorClass: 'validation' },
    ),
  unitMissing: (itemNo: string) =>
    new TandemError(
      PriceListErrorCodes.UNIT_MISSING,
      `A sales price of item ${itemNo} has no unit of measure and the item has no base unit of measure (or does not exist). ` +
        `Set the price's unit of measure code or the item's base unit (${PriceListErrorCodes.UNIT_MISSING})`,
      { errorClass: 'validation' },
    ),
  unitNotCoupled: (itemNo: string, unit: string) =>
    new TandemError(
      PriceListErrorCodes.UNIT_NOT_COUPLED,
      `A sales price of item ${itemNo}: its unit of measure ${unit} is not coupled to a CRM unit group with a base unit. ` +
        `Synchronize the UNIT OF MEASURE mapping first, then this price again (${PriceListErrorCodes.UNIT_NOT_COUPLED})`,
      { errorClass: 'validation' },
    ),
  /** Multiple units of measure: the price's unit is the item's unit of that code, coupled in ITEM UOM. */
  itemUnitNotCoupled: (itemNo: string, unit: string) =>
    new TandemError(
      PriceListErrorCodes.UNIT_NOT_COUPLED,
      `A sales price of item ${itemNo}: the item's unit of measure ${unit} is not coupled to a CRM unit (multiple units of measure). ` +
        `Give item ${itemNo} the unit of measure ${unit} if it has none, synchronize the ITEM UOM mapping, then this price again (${PriceListErrorCodes.UNIT_NOT_COUPLED})`,
      { errorClass: 'validation' },
    ),
};
