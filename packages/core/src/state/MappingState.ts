import { EntitySchema } from '@mikro-orm/core';
import type { MappingSettings } from '../model/TableMapping';

/** A stored cursor: ISO modified-on and id. */
export interface StoredCursor {
  modifiedOn: string;
  id: string;
  /**
   * On a watermark only: every row at or before this position was seen (`ReadHorizon`), so the next pass reads right
   * after it. Absent (a store that does not say when it read, state written before): the next pass starts at the
   * watermark minus the overlap window.
   */
  seenThrough?: StoredCursor;
}

/** The full-sync progress of a full sync that has started but committed no page yet: it continues from the start. */
export const FULL_SYNC_STARTED: StoredCursor = { modifiedOn: '', id: '' };

/** The state columns of a direction: its watermark and its full-sync progress. */
export function cursorColumns(direction: 'toIntegration' | 'fromIntegration') {
  return direction === 'toIntegration'
    ? ({ cursor: 'toIntegrationCursor', fullSync: 'toIntegrationFullSync' } as const)
    : ({ cursor: 'fromIntegrationCursor', fullSync: 'fromIntegrationFullSync' } as const);
}

/** What a mapping keeps between runs: its watermark per direction and the settings that override the plugin defaults. */
export interface MappingState {
  mapping: string;
  toIntegrationCursor: StoredCursor | null;
  fromIntegrationCursor: StoredCursor | null;
  /**
   * A full sync in this direction that has not finished: the position of its last committed page (`FULL_SYNC_STARTED`
   * before its first page commits). The next run of that direction, full or not, continues it from there; a full
   * pass that reaches the end clears it. `null`: no full sync is under way.
   */
  toIntegrationFullSync?: StoredCursor | null;
  fromIntegrationFullSync?: StoredCursor | null;
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
    toIntegrationFullSync: { type: 'json', nullable: true },
    fromIntegrationFullSync: { type: 'json', nullable: true },
    settings: { type: 'json', nullable: true },
    updatedAt: { type: 'datetime' },
  },
});
