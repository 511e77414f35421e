import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { ErrorCodes } from '../errors/ErrorCodes';
import { TandemError } from '../errors/TandemError';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lower-case canonical GUID as its 16 bytes; any other text as it is. */
export function packGuid(value: string): Buffer | string {
  return value.length === 36 && GUID.test(value) ? Buffer.from(value.replace(/-/g, ''), 'hex') : value;
}

/** What `packGuid` stored, as the text it was: 16 bytes are a packed GUID, text is kept. */
export function unpackGuid(stored: unknown): string | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored === 'string') return stored;
  if (Buffer.isBuffer(stored) && stored.length === 16) {
    const hex = stored.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new TandemError(ErrorCodes.STATE_INVALID, `a stored GUID is neither text nor 16 bytes: ${Buffer.isBuffer(stored) ? `${stored.length} bytes` : typeof stored}`);
}

/**
 * A GUID column (a coupling's `lastJobId`: job ids are `randomUUID`s) stored as its 16 bytes on SQLite instead of 36
 * characters. The column keeps its declared text type, so the schema does not change: SQLite keeps a blob as a blob in
 * a text column, and a row written before (text) reads as it is — old and new rows mix in one table. Any value that is
 * not a lower-case canonical GUID is stored as text. On other databases (PostgreSQL) values stay text, as before.
 * Only for columns that are never a query's condition: `= ?` would not match a row of the other form.
 */
export class PackedGuidType extends Type<string | null, Buffer | string | null> {
  override convertToDatabaseValue(value: string | null, platform: Platform): Buffer | string | null {
    if (value === null || value === undefined) return null;
    return platform instanceof BaseSqlitePlatform ? packGuid(value) : value;
  }

  override convertToJSValue(value: Buffer | string | null): string | null {
    return unpackGuid(value);
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform.getVarcharTypeDeclarationSQL(prop);
  }
}
