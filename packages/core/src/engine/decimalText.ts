/**
 * Exact decimal numbers as text. Values of decimal columns travel as strings (MikroORM returns them so) or as JS
 * numbers (JSON); both are compared through their canonical decimal text, never through floating point, so
 * `'12345678901.23'` equals `12345678901.23` and `'0.30'` equals `0.3`, while `0.1 + 0.2` does not equal `'0.3'`.
 */

/** What a number is in a destination's sense: decimal digits, an optional sign, decimal point and exponent. */
export const DECIMAL_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A whole number's text that is canonical already: no sign but `-`, no leading zero, not `-0`. */
const CANONICAL_INTEGER = /^(?:0|-?[1-9]\d*)$/;

/** Exponents beyond this are no column's number; refusing them keeps the expansion below small. */
const MAX_EXPONENT = 400;

/**
 * The canonical decimal text of a number, bigint or numeric string (no exponent, no `+`, no leading or trailing
 * zeros, `0` for zero), or `undefined` when the value is not a finite number in the sense of `DECIMAL_PATTERN`.
 */
export function decimalText(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  let text: string;
  if (typeof value === 'number') {
    // Whole numbers (option values, counts) are already canonical as `String` writes them (-0 as `0`).
    if (Number.isSafeInteger(value)) return String(value);
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    if (CANONICAL_INTEGER.test(value)) return value;
    text = value;
  } else {
    return undefined;
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return undefined;
  const negative = text.startsWith('-');
  const [mantissa, exponentText] = text.replace(/^[+-]/, '').split(/[eE]/) as [string, string | undefined];
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let integerPart: string;
  let fractionPart: string;
  if (point <= 0) {
    integerPart = '0';
    fractionPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    integerPart = digits + '0'.repeat(point - digits.length);
    fractionPart = '';
  } else {
    integerPart = digits.slice(0, point);
    fractionPart = digits.slice(point);
  }
  integerPart = integerPart.replace(/^0+(?=\d)/, '') || '0';
  fractionPart = fractionPart.replace(/0+$/, '');
  const body = fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
  return negative && body !== '0' ? `-${body}` : body;
}

/** True when the canonical decimal text has no fractional part. */
export function isWholeDecimal(text: string): boolean {
  return !text.includes('.');
}
