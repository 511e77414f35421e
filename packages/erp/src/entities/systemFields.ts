import { randomUUID } from 'node:crypto';
import { DateTimeType } from '@mikro-orm/core';
import { NumericType } from './NumericType';

/**
 * The two columns every ERP table has, as Business Central's SystemId and SystemModifiedAt:
 * - `systemId`: a UUID set once on insert and never changed; it is unique, and what an application links to;
 * - `modifiedAt`: the time of the last change, indexed, so that Tandem's `MikroOrmStore` finds changed rows by it.
 *
 * Through MikroORM's unit of work (`em.create`/`persist` + `flush`) both are maintained by `onCreate`/`onUpdate`.
 * Native writes (`insert`, `insertMany`, `nativeUpdate`, `upsert`, query builders) and raw SQL bypass those, so the
 * writer sets them: a fresh UUID in `system_id` on insert, and the current time in `modified_at` on every insert and
 * update. The services and the generator of this package do so.
 */
export interface SystemFields {
  systemId: string;
  modifiedAt: Date;
}

/** The property definitions of `SystemFields`, for an `EntitySchema`. */
export function systemProperties() {
  return {
    systemId: { type: 'uuid', unique: true, onCreate: () => randomUUID() },
    // A DateTimeType instance, not the string 'datetime': with the string, MikroORM 6.6.16 on SQLite sees every loaded
    // row as changed (a Date against a stored number), so each flush would rewrite it and move modifiedAt for nothing.
    // (The bare class would avoid that too, but then core describes the field as a date without time.)
    modifiedAt: { type: new DateTimeType(), index: true, onCreate: () => new Date(), onUpdate: () => new Date() },
  } as const;
}

/** An exact decimal as text (`'12.5'`): MikroORM hands decimal columns over as strings, and they stay strings. */
export type Decimal = string;

/**
 * A money or quantity column: 18 digits, 5 of them after the point (enough for NAV's unit prices and rates), read as
 * the shortest text on SQLite and PostgreSQL alike (`NumericType`).
 */
export const decimalColumn = { type: NumericType, precision: 18, scale: 5 } as const;
