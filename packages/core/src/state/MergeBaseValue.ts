import { EntitySchema } from '@mikro-orm/core';

/** The longest token shared: longer values hardly repeat, and PostgreSQL bounds a unique index's entries. */
export const SHARED_TOKEN_MAX = 100;

/**
 * Values that many couplings' merge bases hold (a country, a currency, a salesperson, a lookup's GUID), stored once:
 * a merge base refers to one by its id (see `textMergeBase`). `value` is the value's token. Rows are only ever added.
 */
export interface MergeBaseValueRow {
  id: number;
  value: string;
}

export const MergeBaseValueSchema = new EntitySchema<MergeBaseValueRow>({
  name: 'MergeBaseValue',
  tableName: 'tandem_merge_base_value',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    value: { type: 'string', length: SHARED_TOKEN_MAX, unique: 'tandem_merge_base_value_uq' },
  },
});
