import { TandemError } from '@tandem/core';
import { unitTarget } from '@tandem/plugin-item-product';

/** The stable codes of this plugin's errors. */
export const ResourceProductErrorCodes = {
  BASE_UNIT_MISSING: 'TANDEM_RESOURCE_PRODUCT_BASE_UNIT_MISSING',
  BASE_UNIT_NOT_COUPLED: 'TANDEM_RESOURCE_PRODUCT_BASE_UNIT_NOT_COUPLED',
  UNIT_GROUP_HAS_NO_UNIT: 'TANDEM_RESOURCE_PRODUCT_UNIT_GROUP_HAS_NO_UNIT',
  NUMBER_TAKEN: 'TANDEM_RESOURCE_PRODUCT_NUMBER_TAKEN',
  CRM_WRITE_FAILED: 'TANDEM_RESOURCE_PRODUCT_CRM_WRITE_FAILED',
} as const;

/**
 * Message factories. A hook wraps what its tap throws (`TANDEM_HOOK_FAILED` is the stored code), so each message ends
 * with its own code: the stored job error still says which rule failed.
 */
export const resourceProductErrors = {
  baseUnitMissing: (resourceNo: string) =>
    new TandemError(
      ResourceProductErrorCodes.BASE_UNIT_MISSING,
      `Resource ${resourceNo} has no base unit of measure; a CRM product needs a unit group. Set the resource's base ` +
        `unit of measure (for example HOUR) (${ResourceProductErrorCodes.BASE_UNIT_MISSING})`,
      { errorClass: 'validation' },
    ),
  baseUnitNotCoupled: (resourceNo: string, unit: string, mapping: string) =>
    new TandemError(
      ResourceProductErrorCodes.BASE_UNIT_NOT_COUPLED,
      `Resource ${resourceNo}: its base unit of measure ${unit} is not coupled to ${unitTarget(mapping)} (mapping ` +
        `${mapping}). Synchronize the ${mapping} mapping first (a full sync creates what is missing), then this resource ` +
        `again (${ResourceProductErrorCodes.BASE_UNIT_NOT_COUPLED})`,
      { errorClass: 'validation' },
    ),
  unitGroupHasNoUnit: (groupId: string) =>
    new TandemError(
      ResourceProductErrorCodes.UNIT_GROUP_HAS_NO_UNIT,
      `The CRM unit group ${groupId} holds no base unit, so no product can use it (${ResourceProductErrorCodes.UNIT_GROUP_HAS_NO_UNIT})`,
      { errorClass: 'validation' },
    ),
  /** Dataverse product numbers are unique across items' and resources' products. */
  numberTaken: (resourceNo: string, productType: string) =>
    new TandemError(
      ResourceProductErrorCodes.NUMBER_TAKEN,
      `Resource ${resourceNo}: the CRM already has a product numbered ${resourceNo} (${productType}) that is not this ` +
        `resource's; product numbers are unique in the CRM, and a resource never takes over another product. Renumber ` +
        `the resource, or couple it by hand if that product is its own service product (${ResourceProductErrorCodes.NUMBER_TAKEN})`,
      { errorClass: 'validation' },
    ),
  crmWriteFailed: (what: string, cause: Error) =>
    new TandemError(
      ResourceProductErrorCodes.CRM_WRITE_FAILED,
      `Writing the ${what} to the CRM failed: ${cause.message} (${ResourceProductErrorCodes.CRM_WRITE_FAILED})`,
      { cause, errorClass: (cause as { errorClass?: 'transient' }).errorClass ?? 'permanent' },
    ),
};
