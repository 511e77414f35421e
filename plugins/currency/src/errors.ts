import { TandemError } from '@tandem/core';

/** The stable codes of this plugin. */
export const CurrencyErrorCodes = {
  /** The currency has no standard ISO 4217 code (three letters A–Z), so it is not coupled or sent. */
  ISO_CODE_INVALID: 'TANDEM_CURRENCY_ISO_CODE_INVALID',
  /** No exchange rate starts on or before today for a currency the CRM rate needs. */
  EXCHANGE_RATE_MISSING: 'TANDEM_CURRENCY_EXCHANGE_RATE_MISSING',
  /** The CRM's base currency could not be found. */
  BASE_CURRENCY_NOT_FOUND: 'TANDEM_CURRENCY_BASE_CURRENCY_NOT_FOUND',
  /** The CRM currency of the local currency is already coupled to a currency row of the ERP. */
  LOCAL_CURRENCY_CONFLICT: 'TANDEM_CURRENCY_LOCAL_CURRENCY_CONFLICT',
  /** The plugin's options are wrong. */
  OPTIONS_INVALID: 'TANDEM_CURRENCY_OPTIONS_INVALID',
} as const;

/**
 * Message factories: each names the offending value and says what to do. A hook wraps what its tap throws (the stored
 * job error's code is `TANDEM_HOOK_FAILED`), so each message ends with its own code: the job error still says which
 * rule failed.
 */
export const currencyErrors = {
  isoCodeInvalid: (code: string, iso: string | null) =>
    new TandemError(
      CurrencyErrorCodes.ISO_CODE_INVALID,
      `currency "${code}" has no standard ISO code (${iso ? JSON.stringify(iso) : 'none'}; three letters A–Z expected), so it is not synchronized with the CRM; set its ISO code (e.g. "EUR") to synchronize it (${CurrencyErrorCodes.ISO_CODE_INVALID})`,
      { errorClass: 'validation' },
    ),
  exchangeRateMissing: (code: string, date: string) =>
    new TandemError(
      CurrencyErrorCodes.EXCHANGE_RATE_MISSING,
      `currency "${code}" has no exchange rate starting on or before ${date}, so its CRM exchange rate cannot be computed; add a currency exchange rate (${CurrencyErrorCodes.EXCHANGE_RATE_MISSING})`,
      { errorClass: 'validation' },
    ),
  baseCurrencyNotFound: (what: string) =>
    new TandemError(
      CurrencyErrorCodes.BASE_CURRENCY_NOT_FOUND,
      `the CRM base currency was not found (${what}); give it with CurrencyPlugin.withOptions({ baseCurrencyIsoCode }) (${CurrencyErrorCodes.BASE_CURRENCY_NOT_FOUND})`,
      { errorClass: 'validation' },
    ),
  localCurrencyConflict: (lcy: string, code: string) =>
    new TandemError(
      CurrencyErrorCodes.LOCAL_CURRENCY_CONFLICT,
      `the CRM currency "${lcy}" stands for the local currency, but ERP currency "${code}" is coupled to it; the local currency is not a currency row: uncouple or delete "${code}" (${CurrencyErrorCodes.LOCAL_CURRENCY_CONFLICT})`,
      { errorClass: 'validation' },
    ),
  optionsInvalid: (problem: string) =>
    new TandemError(CurrencyErrorCodes.OPTIONS_INVALID, `CurrencyPlugin options: ${problem}`, { errorClass: 'permanent' }),
};
