import { Utils } from '@mikro-orm/core';

/** A value `boundValue` cannot hand to the driver: a statement with one keeps MikroORM's own formatting. */
export const UNBOUND = Symbol('unbound');

/**
 * A parameter as the SQLite driver binds it, stored exactly as MikroORM's inlined form would store it: dates as epoch
 * milliseconds, bigints as their decimal text, plain objects as JSON. Raw SQL fragments, lists and `undefined` are
 * `UNBOUND`. (Booleans go as they are: the driver binds them as 1 and 0, as MikroORM's inlined `true` / `false`.)
 */
export function boundValue(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.getTime();
  if (Buffer.isBuffer(value)) return value;
  if (Utils.isPlainObject(value) && !Utils.isRawSql(value)) return JSON.stringify(value);
  return UNBOUND;
}
