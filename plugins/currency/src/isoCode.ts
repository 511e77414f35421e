import type { Currency } from '@tandem/erp';

const STANDARD_ISO_CODE = /^[A-Z]{3}$/;

/** A standard ISO 4217 code: exactly three letters A–Z ('EUR'; not 'EURO', 'X1' or 'eur'). */
export function isStandardIsoCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && STANDARD_ISO_CODE.test(code);
}

/** A currency's ISO code: its `isoCode` when filled in, else its `code` (as BC, which couples by the code). */
export function isoCodeOf(currency: Pick<Currency, 'code' | 'isoCode'> | Record<string, unknown>): string | null {
  const iso = typeof currency.isoCode === 'string' ? currency.isoCode.trim() : '';
  if (iso) return iso;
  return typeof currency.code === 'string' && currency.code ? currency.code : null;
}
