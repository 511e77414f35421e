import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { FieldDefinition } from '../model/TableDefinition';

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function normal(value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  const number = Number(text);
  return text.trim() !== '' && !Number.isNaN(number) ? number : Date.parse(text);
}

/** Field-value equality across the two systems: empty equals empty, dates by instant, numbers and text loosely. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  const x = normal(a);
  const y = normal(b);
  if (x === y) return true;
  if (x === null || y === null) return false;
  if (typeof x === 'number' || typeof y === 'number') return asNumber(x) === asNumber(y);
  return String(x) === String(y);
}

function invalid(field: FieldDefinition, value: unknown, expected: string): TandemError {
  return new TandemError(ErrorCodes.WRITE_FAILED, `field "${field.name}": ${JSON.stringify(value)} is not ${expected}`, {
    errorClass: 'validation',
  });
}

/** Converts a value into the destination field's type; a value that does not fit fails with the field's name. */
export function coerceValue(value: unknown, field: FieldDefinition | undefined): unknown {
  if (!field || value === undefined || value === null) return value ?? null;
  switch (field.type) {
    case 'datetime': {
      const date = value instanceof Date ? value : new Date(value as string | number);
      if (Number.isNaN(date.getTime())) throw invalid(field, value, 'a date and time');
      return date;
    }
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'integer':
    case 'option':
    case 'decimal': {
      if (value === '') return null;
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number)) throw invalid(field, value, 'a number');
      if (field.type !== 'decimal' && !Number.isInteger(number)) throw invalid(field, value, 'a whole number');
      return number;
    }
    case 'bigint':
      return typeof value === 'bigint' ? value : String(value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === '1' || value === 'true') return true;
      if (value === 0 || value === '0' || value === 'false') return false;
      throw invalid(field, value, 'true or false');
    case 'json':
      return value;
    default: {
      const text = value instanceof Date ? value.toISOString() : String(value);
      if (field.maxLength && text.length > field.maxLength) {
        throw new TandemError(
          ErrorCodes.WRITE_FAILED,
          `field "${field.name}": the value is ${text.length} characters long, more than its maximum of ${field.maxLength}`,
          { errorClass: 'validation' },
        );
      }
      return text;
    }
  }
}
