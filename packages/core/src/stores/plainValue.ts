import { QueryHelper } from '@mikro-orm/core';

/**
 * An insert value as `em.insertMany` would hand it to the driver, for a plain row: `undefined` is null, an object
 * (a reference, an entity, a plain object) goes through MikroORM's own conversion, anything else is itself.
 */
export function plainValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) return QueryHelper.processParams(value);
  return value;
}
