import { TandemError } from '@tandem/core';

/** The stable codes of this plugin's errors. */
export const UnitOfMeasureErrorCodes = {
  GROUP_INACTIVE: 'TANDEM_UNIT_OF_MEASURE_GROUP_INACTIVE',
  GROUP_HAS_SEVERAL_UNITS: 'TANDEM_UNIT_OF_MEASURE_GROUP_HAS_SEVERAL_UNITS',
  GROUP_AMBIGUOUS: 'TANDEM_UNIT_OF_MEASURE_GROUP_AMBIGUOUS',
  GROUP_HAS_NO_UNIT: 'TANDEM_UNIT_OF_MEASURE_GROUP_HAS_NO_UNIT',
  QTY_NOT_POSITIVE: 'TANDEM_UNIT_OF_MEASURE_QTY_NOT_POSITIVE',
  UNIT_UNKNOWN: 'TANDEM_UNIT_OF_MEASURE_UNIT_UNKNOWN',
  GROUP_SOURCE_MISSING: 'TANDEM_UNIT_OF_MEASURE_GROUP_SOURCE_MISSING',
  GROUP_NOT_COUPLED: 'TANDEM_UNIT_OF_MEASURE_GROUP_NOT_COUPLED',
  MODE_UNKNOWN: 'TANDEM_UNIT_OF_MEASURE_MODE_UNKNOWN',
} as const;

/**
 * Message factories. A hook wraps what its tap throws (`TANDEM_HOOK_FAILED`), and the job error stores the wrapper's
 * code, so each message ends with its own code: the stored message still says which rule failed.
 */
export const unitOfMeasureErrors = {
  /** BC: 'The %1 %2 already exists in %3, but it cannot be synchronized, because it is inactive.' */
  groupInactive: (groupName: string) =>
    new TandemError(
      UnitOfMeasureErrorCodes.GROUP_INACTIVE,
      `The CRM unit group "${groupName}" exists but is inactive, so the unit of measure cannot be synchronized with it. ` +
        `Activate the unit group in the CRM, or rename it so that a new one is created (${UnitOfMeasureErrorCodes.GROUP_INACTIVE})`,
      { errorClass: 'validation' },
    ),
  /** BC: 'The %4 %1 %2 contains more than one %3. This setup cannot be used for synchronization.' */
  groupHasSeveralUnits: (groupName: string, units: readonly string[]) =>
    new TandemError(
      UnitOfMeasureErrorCodes.GROUP_HAS_SEVERAL_UNITS,
      `The CRM unit group "${groupName}" holds ${units.length} units (${units.join(', ')}); a unit group synchronized ` +
        `with a unit of measure must hold exactly one. Remove the extra units in the CRM (${UnitOfMeasureErrorCodes.GROUP_HAS_SEVERAL_UNITS})`,
      { errorClass: 'validation' },
    ),
  groupAmbiguous: (groupName: string, count: number) =>
    new TandemError(
      UnitOfMeasureErrorCodes.GROUP_AMBIGUOUS,
      `${count} CRM unit groups are named "${groupName}"; rename all but one, or couple the unit of measure by hand ` +
        `(${UnitOfMeasureErrorCodes.GROUP_AMBIGUOUS})`,
      { errorClass: 'validation' },
    ),
  groupHasNoUnit: (groupName: string) =>
    new TandemError(
      UnitOfMeasureErrorCodes.GROUP_HAS_NO_UNIT,
      `The CRM unit group "${groupName}" holds no unit; it must hold its base unit (${UnitOfMeasureErrorCodes.GROUP_HAS_NO_UNIT})`,
      { errorClass: 'validation' },
    ),
  /** An item or resource unit of measure that holds no base units (BC refuses it on the ERP side). */
  qtyNotPositive: (owner: string, code: string, qty: unknown) =>
    new TandemError(
      UnitOfMeasureErrorCodes.QTY_NOT_POSITIVE,
      `${owner}: unit of measure ${code} has qtyPerUnitOfMeasure ${String(qty)}; it must be greater than 0 (how many ` +
        `base units one ${code} holds). Correct it in the ERP (${UnitOfMeasureErrorCodes.QTY_NOT_POSITIVE})`,
      { errorClass: 'validation' },
    ),
  unitUnknown: (owner: string, code: string) =>
    new TandemError(
      UnitOfMeasureErrorCodes.UNIT_UNKNOWN,
      `${owner}: unit of measure ${code} does not exist in the ERP's units of measure (UnitOfMeasure). Create the unit ` +
        `of measure ${code}, or correct the code (${UnitOfMeasureErrorCodes.UNIT_UNKNOWN})`,
      { errorClass: 'validation' },
    ),
  groupSourceMissing: (groupCode: string, sourceType: string, sourceNo: string) =>
    new TandemError(
      UnitOfMeasureErrorCodes.GROUP_SOURCE_MISSING,
      `Unit group ${groupCode} belongs to ${sourceType.toLowerCase()} ${sourceNo}, which does not exist in the ERP. Delete ` +
        `the unit group, or create the ${sourceType.toLowerCase()} (${UnitOfMeasureErrorCodes.GROUP_SOURCE_MISSING})`,
      { errorClass: 'validation' },
    ),
  groupNotCoupled: (owner: string, groupMapping: string) =>
    new TandemError(
      UnitOfMeasureErrorCodes.GROUP_NOT_COUPLED,
      `${owner} has no unit group in the CRM yet: its unit group is missing in the ERP or not synchronized. Create the ` +
        `unit group and run the ${groupMapping} mapping (a full sync creates the missing groups), then this record again ` +
        `(${UnitOfMeasureErrorCodes.GROUP_NOT_COUPLED})`,
      { errorClass: 'validation' },
    ),
  modeUnknown: () =>
    new TandemError(
      UnitOfMeasureErrorCodes.MODE_UNKNOWN,
      `The unit of measure mode is not known yet: UnitOfMeasurePlugin has not registered. List UnitOfMeasurePlugin in ` +
        `the plugin's dependsOn (and in the host's plugins) (${UnitOfMeasureErrorCodes.MODE_UNKNOWN})`,
      { errorClass: 'permanent' },
    ),
};
