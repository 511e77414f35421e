import { TandemError } from '@tandem/core';

/** The stable codes of this plugin. */
export const SalespersonUserErrorCodes = {
  /** No free salesperson code could be found in the number series. */
  CODE_EXHAUSTED: 'TANDEM_SALESPERSON_CODE_EXHAUSTED',
  /** The plugin's options are wrong. */
  OPTIONS_INVALID: 'TANDEM_SALESPERSON_OPTIONS_INVALID',
} as const;

/** Message factories: each names the offending value, says what to do and ends with its code (a hook wraps a tap's error). */
export const salespersonUserErrors = {
  codeExhausted: (series: string, tries: number) =>
    new TandemError(
      SalespersonUserErrorCodes.CODE_EXHAUSTED,
      `number series "${series}" gave ${tries} codes in a row that salespeople already use; move the series' last number used past the existing codes (${SalespersonUserErrorCodes.CODE_EXHAUSTED})`,
      { errorClass: 'validation' },
    ),
  optionsInvalid: (problem: string) =>
    new TandemError(SalespersonUserErrorCodes.OPTIONS_INVALID, `SalespersonUserPlugin options: ${problem} (${SalespersonUserErrorCodes.OPTIONS_INVALID})`, { errorClass: 'permanent' }),
};
