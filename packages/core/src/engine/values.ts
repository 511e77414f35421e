import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { FieldDefinition, FieldType } from '../model/TableDefinition';
import { decimalText, isWholeDecimal } from './decimalText';

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as every UTF-8 store keeps it: a lone UTF-16 surrogate (half of a pair, e.g. left by cutting an emoji in two)
 * cannot be stored in UTF-8 and becomes U+FFFD. Doing it before the write and before each comparison makes both sides
 * compare equal afterwards.
 */
export function wellFormedText(text: string): string {
  // `isWellFormed` (Node 20, not yet in TypeScript's ES2023 lib) answers the common case without a regex scan.
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed() ? text : text.replace(LONE_SURROGATE, '\ufffd');
}

/** A JSON text of any value; bigints become their decimal text. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['integer', 'bigint', 'decimal', 'option']);

function normal(value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return wellFormedText(value);
  if (typeof value === 'object' && value !== null) return jsonText(value);
  return value;
}

function instant(value: unknown): number {
  return typeof value === 'number' ? value : Date.parse(String(value));
}

/**
 * Field-value equality across the two systems: empty equals empty, dates by instant, numbers exactly by their decimal
 * value (`'1'` equals `1`, `'0.30'` equals `0.3`; never through floating-point arithmetic), text exactly. With the
 * field's `type`, two numeric texts of a number field compare by value too.
 */
export function valuesEqual(a: unknown, b: unknown, type?: FieldType): boolean {
  const x = normal(a);
  const y = normal(b);
  if (x === y) return true;
  if (x === null || y === null) return false;
  if (typeof x === 'number' || typeof y === 'number' || (type && NUMERIC_TYPES.has(type))) {
    const dx = decimalText(x);
    const dy = decimalText(y);
    if (dx !== undefined && dy !== undefined) return dx === dy;
    // A date (its instant) against a date text.
    if (typeof x === 'number' || typeof y === 'number') return instant(x) === instant(y);
  }
  return String(x) === String(y);
}

const SHOWN_VALUE_LENGTH = 80;

/** The value as a message shows it: JSON, cut after 80 characters. */
export function shownValue(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : jsonText(value) ?? String(value);
  const cut = text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH)}…` : text;
  return JSON.stringify(cut);
}

function invalid(field: FieldDefinition, value: unknown, expected: string): TandemError {
  return new TandemError(ErrorCodes.WRITE_FAILED, `field "${field.name}": ${shownValue(value)} is not ${expected}`, {
    errorClass: 'validation',
  });
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;

function validDateOnly(text: string): boolean {
  const match = DATE_ONLY.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function toDateTime(field: FieldDefinition, value: unknown): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(field, value, 'a date and time');
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  if (typeof value === 'string' && DATE_TIME.test(value) && validDateOnly(value.slice(0, 10))) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw invalid(field, value, 'a date and time');
}

function toNumberText(field: FieldDefinition, value: unknown, whole: boolean): string {
  const text = decimalText(value);
  if (text === undefined) throw invalid(field, value, 'a number');
  if (whole && !isWholeDecimal(text)) throw invalid(field, value, 'a whole number');
  return text;
}

/**
 * Converts a value into the destination field's type. Nothing is guessed: a value that is not of the type (blank or
 * hexadecimal text for a number, a fraction for a whole number, `'yes'` for a boolean, an impossible date, U+0000 in
 * text) fails its record with `TANDEM_WRITE_FAILED`, naming the field and the value.
 */
export function coerceValue(value: unknown, field: FieldDefinition | undefined): unknown {
  if (!field || value === undefined || value === null) return value ?? null;
  // An empty text is an empty value in any field that is not text.
  if (value === '' && field.type !== 'string' && field.type !== 'text') return null;
  switch (field.type) {
    case 'datetime':
      return toDateTime(field, value);
    case 'date': {
      if (value instanceof Date) return toDateTime(field, value).toISOString().slice(0, 10);
      if (typeof value === 'string' && validDateOnly(value)) return value;
      return toDateTime(field, value).toISOString().slice(0, 10);
    }
    case 'time': {
      if (value instanceof Date) return toDateTime(field, value).toISOString().slice(11, 19);
      const match = typeof value === 'string' ? TIME.exec(value) : null;
      if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59) throw invalid(field, value, 'a time of day');
      return value;
    }
    case 'integer':
    case 'option': {
      const number = Number(toNumberText(field, value, true));
      if (!Number.isSafeInteger(number)) throw invalid(field, value, 'a whole number in range');
      return number;
    }
    case 'bigint': {
      if (typeof value === 'bigint') return value;
      return BigInt(toNumberText(field, value, true));
    }
    case 'decimal':
      // Numbers stay numbers and decimal texts stay texts (exact); only their form is checked.
      toNumberText(field, value, false);
      return value;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === '1' || value === 'true') return true;
      if (value === 0 || value === '0' || value === 'false') return false;
      throw invalid(field, value, 'true or false');
    case 'uuid': {
      const text = String(value);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) throw invalid(field, value, 'a GUID');
      return text.toLowerCase();
    }
    case 'json':
      return value;
    case 'lookup':
      // A store's own reference form (e.g. Dataverse's `{ table, id }` for polymorphic lookups) passes as it is.
      if (typeof value === 'object' && !(value instanceof Date)) return value;
      return textValue(field, value);
    default:
      return textValue(field, value);
  }
}

/** Text for a string, text or lookup field: U+0000 fails, lone surrogates become U+FFFD, `maxLength` holds. */
function textValue(field: FieldDefinition, value: unknown): string {
  const raw = value instanceof Date ? value.toISOString() : typeof value === 'object' ? jsonText(value) : String(value);
  if (raw.includes('\u0000')) {
    throw new TandemError(ErrorCodes.WRITE_FAILED, `field "${field.name}": the text contains the control character U+0000, which cannot be stored`, {
      errorClass: 'validation',
    });
  }
  const text = wellFormedText(raw);
  if (field.maxLength && text.length > field.maxLength) {
    throw new TandemError(
      ErrorCodes.WRITE_FAILED,
      `field "${field.name}": the value is ${text.length} characters long, more than its maximum of ${field.maxLength}`,
      { errorClass: 'validation' },
    );
  }
  return text;
}
