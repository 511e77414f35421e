import { EntitySchema } from '@mikro-orm/core';
import type { SyncDirection } from '../model/Direction';

export type SyncJobType = 'synchronization' | 'coupling' | 'uncoupling';

/** The counters of a job; the names follow BC's Integration Synch. Job. */
export interface JobCounters {
  inserted: number;
  modified: number;
  deleted: number;
  unchanged: number;
  skipped: number;
  failed: number;
  coupled: number;
  uncoupled: number;
}

export const COUNTER_NAMES: readonly (keyof JobCounters)[] = [
  'inserted', 'modified', 'deleted', 'unchanged', 'skipped', 'failed', 'coupled', 'uncoupled',
];

export function emptyCounters(): JobCounters {
  return { inserted: 0, modified: 0, deleted: 0, unchanged: 0, skipped: 0, failed: 0, coupled: 0, uncoupled: 0 };
}

/** One run of one mapping in one direction, with its counters. */
export interface SyncJob extends JobCounters {
  id: string;
  mapping: string;
  direction: SyncDirection;
  type: SyncJobType;
  startedAt: Date;
  finishedAt: Date | null;
  message: string | null;
}

export const SyncJobSchema = new EntitySchema<SyncJob>({
  name: 'SyncJob',
  tableName: 'tandem_sync_job',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    mapping: { type: 'string', length: 100, index: true },
    direction: { type: 'string', length: 20 },
    type: { type: 'string', length: 20 },
    startedAt: { type: 'datetime', index: true },
    finishedAt: { type: 'datetime', nullable: true },
    message: { type: 'text', nullable: true },
    inserted: { type: 'integer', default: 0 },
    modified: { type: 'integer', default: 0 },
    deleted: { type: 'integer', default: 0 },
    unchanged: { type: 'integer', default: 0 },
    skipped: { type: 'integer', default: 0 },
    failed: { type: 'integer', default: 0 },
    coupled: { type: 'integer', default: 0 },
    uncoupled: { type: 'integer', default: 0 },
  },
});
