import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { OptionValue } from '../model/TableDefinition';

/** Message factories for the option-mapping edits `host.options` refuses; each says what to do instead. */
export const OptionMappingErrors = {
  emptyCode: (optionSet: string) =>
    new TandemError(ErrorCodes.CONFIG_INVALID, `option set "${optionSet}": the business code is empty`),

  notWholeNumber: (optionSet: string, value: unknown) =>
    new TandemError(ErrorCodes.CONFIG_INVALID, `option set "${optionSet}": option value ${JSON.stringify(value)} is not a whole number`),

  valueTaken: (optionSet: string, value: number, holder: string) =>
    new TandemError(
      ErrorCodes.CONFIG_INVALID,
      `option set "${optionSet}": option value ${value} is already mapped to "${holder}"; remove that mapping first`,
    ),

  /** The integration column has no such option: stored, the mapping would fail validation at every later start. */
  valueUnknown: (optionSet: string, table: string, column: string, value: number, options: readonly OptionValue[]) =>
    new TandemError(
      ErrorCodes.OPTION_VALUE_UNKNOWN,
      `option set "${optionSet}": column ${table}.${column} has no option value ${value}; use one of ${options.map((o) => `${o.value} (${o.label})`).join(', ')}`,
    ),
};
