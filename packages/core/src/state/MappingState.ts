import { EntitySchema } from '@mikro-orm/core';
import type { MappingSettings } from '../model/TableMapping';

/** A stored cursor: ISO modified-on and id. */
export interface StoredCursor {
  modifiedOn: string;
  id: string;
}

/** What a mapping keeps between runs: its watermark per direction and the settings that override the plugin defaults. */
export interface MappingState {
  mapping: string;
  toIntegrationCursor: StoredCursor | null;
  fromIntegrationCursor: StoredCursor | null;
  /** Persisted settings, edited at run time; `null` means the plugin defaults apply. */
  settings: MappingSettings | null;
  updatedAt: Date;
}

export const MappingStateSchema = new EntitySchema<MappingState>({
  name: 'MappingState',
  tableName: 'tandem_mapping_state',
  properties: {
    mapping: { type: 'string', length: 100, primary: true },
    toIntegrationCursor: { type: 'json', nullable: true },
    fromIntegrationCursor: { type: 'json', nullable: true },
    settings: { type: 'json', nullable: true },
    updatedAt: { type: 'datetime' },
  },
});
