import { PlatformErrorCodes, type DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import { parseDateOnly, parseDateTime, toDataverseTimestamp } from './Timestamps';

export type SqlValue = string | number | null;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(text: unknown): text is string {
  return typeof text === 'string' && GUID.test(text);
}

/** DateTime columns with the DateOnly behavior are `Edm.Date` (`2024-01-31`); all others are `Edm.DateTimeOffset`. */
export function isDateOnly(column: DataverseColumn): boolean {
  return column.attributeType === 'DateTime' && column.dateTimeBehavior === 'DateOnly';
}

/** The SQLite column type; text columns compare case-insensitively like Dataverse's SQL Server collation. */
export function sqlTypeOf(column: DataverseColumn): string {
  switch (column.attributeType) {
    case 'String':
    case 'Memo':
    case 'EntityName':
      return 'TEXT COLLATE NOCASE';
    case 'Integer':
    case 'BigInt':
    case 'Boolean':
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'INTEGER';
    case 'Decimal':
    case 'Money':
    case 'Double':
      return 'REAL';
    default:
      return 'TEXT';
  }
}

/** The EDM type name of a column, as `$metadata` and conversion errors spell it. */
export function edmTypeOf(column: DataverseColumn): string {
  switch (column.attributeType) {
    case 'String':
    case 'Memo':
    case 'EntityName':
      return 'Edm.String';
    case 'Integer':
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'Edm.Int32';
    case 'BigInt':
      return 'Edm.Int64';
    case 'Decimal':
    case 'Money':
      return 'Edm.Decimal';
    case 'Double':
      return 'Edm.Double';
    case 'Boolean':
      return 'Edm.Boolean';
    case 'DateTime':
      return isDateOnly(column) ? 'Edm.Date' : 'Edm.DateTimeOffset';
    case 'Uniqueidentifier':
    case 'Lookup':
    case 'Customer':
    case 'Owner':
      return 'Edm.Guid';
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Converts a JSON value from a request body into what the column stores, checking it the way Dataverse does:
 * JSON type (payload error), string length, option values, number ranges (validation errors).
 */
export function toStorage(model: EntityModel, column: DataverseColumn, value: unknown): SqlValue {
  if (value === null) return null;
  switch (column.attributeType) {
    case 'String':
    case 'Memo':
    case 'EntityName': {
      if (typeof value !== 'string') throw conversionError(model, column, value);
      if (column.maxLength !== undefined && value.length > column.maxLength) {
        throw ServiceError.validation(
          `The length of the '${column.logicalName}' attribute of the '${model.logicalName}' entity exceeded the maximum allowed length of '${column.maxLength}'.`,
        );
      }
      return value;
    }
    case 'Integer':
    case 'BigInt': {
      const number = toNumber(value);
      if (number === undefined || !Number.isInteger(number)) throw conversionError(model, column, value);
      if (column.attributeType === 'Integer' && (number < INT32_MIN || number > INT32_MAX)) throw conversionError(model, column, value);
      return number;
    }
    case 'Decimal':
    case 'Money':
    case 'Double': {
      const number = toNumber(value);
      if (number === undefined) throw conversionError(model, column, value);
      return number;
    }
    case 'Boolean':
      if (typeof value !== 'boolean') throw conversionError(model, column, value);
      return value ? 1 : 0;
    case 'Picklist':
    case 'State':
    case 'Status': {
      const number = toNumber(value);
      if (number === undefined || !Number.isInteger(number)) throw conversionError(model, column, value);
      const options = column.options ?? [];
      if (!hasOption(options, number)) {
        throw new ServiceError(
          400,
          PlatformErrorCodes.InvalidOptionValue,
          `A validation error occurred. The value ${number} of '${column.logicalName}' on record of type '${model.logicalName}' is outside the valid range. Accepted Values: ${options.map((o) => o.value).join(',')}`,
        );
      }
      return number;
    }
    case 'DateTime': {
      if (typeof value !== 'string') throw conversionError(model, column, value);
      if (isDateOnly(column)) {
        const date = parseDateOnly(value.length > 10 && /T00:00(:00)?(\.0+)?Z?$/.test(value) ? value.slice(0, 10) : value);
        if (date === undefined) throw conversionError(model, column, value);
        return date;
      }
      const ms = parseDateTime(value);
      if (ms === undefined) throw conversionError(model, column, value);
      return toDataverseTimestamp(new Date(ms));
    }
    case 'Uniqueidentifier':
    case 'Lookup':
    case 'Customer':
    case 'Owner':
      if (!isGuid(value)) throw conversionError(model, column, value);
      return value.toLowerCase();
  }
}

function conversionError(model: EntityModel, column: DataverseColumn, value: unknown): ServiceError {
  return ServiceError.payload(
    model.entitySetName,
    `Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${edmTypeOf(column)}'.`,
  );
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // OData JSON allows Decimal and Int64 as strings (IEEE754Compatible).
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** Converts a stored value to its JSON form in responses. */
export function fromStorage(column: DataverseColumn, raw: SqlValue): unknown {
  if (raw === null || raw === undefined) return null;
  if (column.attributeType === 'Boolean') return raw === 1 || raw === '1';
  return raw;
}

/** Whether a choice column has an option of this value (a loop: `some` made a closure per value written). */
function hasOption(options: readonly { value: number }[], value: number): boolean {
  for (const option of options) if (option.value === value) return true;
  return false;
}
