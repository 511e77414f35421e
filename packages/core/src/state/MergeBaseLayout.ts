import { EntitySchema } from '@mikro-orm/core';

/**
 * The field lists a positional merge base is written against (see `positionalMergeBase`): one row per distinct
 * layout, written once and never changed, so a coupling stores a small id instead of field names. `fields` is the
 * layout's JSON text, `key` its SHA-256 (a unique index on the text itself could exceed PostgreSQL's index row size).
 */
export interface MergeBaseLayoutRow {
  id: number;
  key: string;
  fields: string;
}

export const MergeBaseLayoutSchema = new EntitySchema<MergeBaseLayoutRow>({
  name: 'MergeBaseLayout',
  tableName: 'tandem_merge_base_layout',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    key: { type: 'string', length: 64, unique: 'tandem_merge_base_layout_key_uq' },
    fields: { type: 'text' },
  },
});
