import { TandemError } from '@tandem/core';

/** The stable codes of this plugin's errors. */
export const ItemProductErrorCodes = {
  BASE_UNIT_MISSING: 'TANDEM_ITEM_PRODUCT_BASE_UNIT_MISSING',
  BASE_UNIT_NOT_COUPLED: 'TANDEM_ITEM_PRODUCT_BASE_UNIT_NOT_COUPLED',
  UNIT_GROUP_HAS_NO_UNIT: 'TANDEM_ITEM_PRODUCT_UNIT_GROUP_HAS_NO_UNIT',
  SETUP_MISSING: 'TANDEM_ITEM_PRODUCT_SETUP_MISSING',
  CURRENCY_NOT_FOUND: 'TANDEM_ITEM_PRODUCT_CURRENCY_NOT_FOUND',
  CRM_WRITE_FAILED: 'TANDEM_ITEM_PRODUCT_CRM_WRITE_FAILED',
} as const;

/** What a base unit is coupled to through each unit mapping, for messages. */
export function unitTarget(mapping: string): string {
  if (mapping === 'UNIT GROUP') return 'a CRM unit group of its own (its unit group is not in the CRM)';
  if (mapping === 'ITEM UOM' || mapping === 'RESOURCE UOM') return 'a CRM unit in its own unit group';
  return 'a CRM unit group';
}

/**
 * Message factories. A hook wraps what its tap throws (`TANDEM_HOOK_FAILED` is the stored code), so each message ends
 * with its own code: the stored job error still says which rule failed.
 */
export const itemProductErrors = {
  baseUnitMissing: (itemNo: string) =>
    new TandemError(
      ItemProductErrorCodes.BASE_UNIT_MISSING,
      `Item ${itemNo} has no base unit of measure; a CRM product needs a unit group. Set the item's base unit of measure ` +
        `(${ItemProductErrorCodes.BASE_UNIT_MISSING})`,
      { errorClass: 'validation' },
    ),
  /** BC: '%1 %2 must be coupled to a Dataverse row.' */
  baseUnitNotCoupled: (itemNo: string, unit: string, mapping: string) =>
    new TandemError(
      ItemProductErrorCodes.BASE_UNIT_NOT_COUPLED,
      `Item ${itemNo}: its base unit of measure ${unit} is not coupled to ${unitTarget(mapping)} (mapping ${mapping}). ` +
        `Synchronize the ${mapping} mapping first (a full sync creates what is missing), then this item again ` +
        `(${ItemProductErrorCodes.BASE_UNIT_NOT_COUPLED})`,
      { errorClass: 'validation' },
    ),
  /** BC: 'Cannot find any unit of measure inside the unit group ''%1'' in %2.' */
  unitGroupHasNoUnit: (groupId: string) =>
    new TandemError(
      ItemProductErrorCodes.UNIT_GROUP_HAS_NO_UNIT,
      `The CRM unit group ${groupId} holds no base unit, so no product can use it (${ItemProductErrorCodes.UNIT_GROUP_HAS_NO_UNIT})`,
      { errorClass: 'validation' },
    ),
  setupMissing: () =>
    new TandemError(
      ItemProductErrorCodes.SETUP_MISSING,
      `The ERP has no setup row (ErpSetup), so its local currency is unknown; products and the default price list are ` +
        `priced in it. Create the setup row with localCurrencyCode (${ItemProductErrorCodes.SETUP_MISSING})`,
      { errorClass: 'validation' },
    ),
  /** BC: 'Cannot find the currency with the value ''%1'' in %2.' */
  currencyNotFound: (isoCode: string) =>
    new TandemError(
      ItemProductErrorCodes.CURRENCY_NOT_FOUND,
      `The ERP's local currency ${isoCode} has no CRM transaction currency with that ISO code. Add it in the CRM ` +
        `(${ItemProductErrorCodes.CURRENCY_NOT_FOUND})`,
      { errorClass: 'validation' },
    ),
  crmWriteFailed: (what: string, cause: Error) =>
    new TandemError(ItemProductErrorCodes.CRM_WRITE_FAILED, `Writing the ${what} to the CRM failed: ${cause.message} (${ItemProductErrorCodes.CRM_WRITE_FAILED})`, {
      cause,
      errorClass: (cause as { errorClass?: 'transient' }).errorClass ?? 'permanent',
    }),
};
