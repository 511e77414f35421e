import { TandemError } from '@tandem/core';

/** The stable codes of this plugin's errors. */
export const UnitOfMeasureErrorCodes = {
  GROUP_INACTIVE: 'TANDEM_UNIT_OF_MEASURE_GROUP_INACTIVE',
  GROUP_HAS_SEVERAL_UNITS: 'TANDEM_UNIT_OF_MEASURE_GROUP_HAS_SEVERAL_UNITS',
  GROUP_AMBIGUOUS: 'TANDEM_UNIT_OF_MEASURE_GROUP_AMBIGUOUS',
  GROUP_HAS_NO_UNIT: 'TANDEM_UNIT_OF_MEASURE_GROUP_HAS_NO_UNIT',
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
};
