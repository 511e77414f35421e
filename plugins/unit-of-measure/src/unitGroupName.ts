/** NAV 2018 named the CRM unit group of a unit of measure 'NAV ' + its code; Tandem keeps that by default. */
export const DEFAULT_UNIT_GROUP_PREFIX = 'NAV ';

/** The name of the transformation rule that turns a unit of measure code into its unit group's name. */
export const UNIT_GROUP_NAME_RULE = 'unitGroupName';

/** The CRM unit group name for a unit of measure code. */
export function unitGroupName(code: string, prefix: string = DEFAULT_UNIT_GROUP_PREFIX): string {
  return `${prefix}${code}`;
}
