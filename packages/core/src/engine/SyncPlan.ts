import type { RecordAction } from '../hooks/SyncContexts';
import type { SyncDirection } from '../model/Direction';

/** What a dry run says would happen to one source record. */
export interface PlannedRecord {
  sourceId: string;
  /** The counterpart it would be written to (absent for an insert). */
  destinationId?: string;
  /** What the run would do: `insert`, `modify`, `unchanged`, `skip`, `fail` or `uncouple`. */
  action: Exclude<RecordAction, 'ignore' | 'couple'>;
  /** A counterpart found now (hook, match fields, crash recovery) would be coupled. */
  coupled: boolean;
  /** A conflict the run would meet: both sides changed the same field, or the coupled counterpart is gone. */
  conflict?: 'update' | 'deletion';
  /** The destination fields that would be written (insert and modify). */
  fields?: string[];
  /** The values that would be written to those fields. */
  values?: Record<string, unknown>;
  /** Why the record would fail (or be skipped by a rule that failed it). */
  error?: { code: string | null; message: string };
}

/** The counts of a planned pass, named like a job's counters. */
export interface PlanCounters {
  inserted: number;
  modified: number;
  coupled: number;
  uncoupled: number;
  unchanged: number;
  skipped: number;
  failed: number;
  conflicts: number;
}

/** The plan of one pass (one direction) of a mapping. */
export interface PassPlan {
  mapping: string;
  direction: SyncDirection;
  full: boolean;
  counters: PlanCounters;
  /** Every record the pass would touch; records it would pass over (`ignore`) are left out. */
  records: PlannedRecord[];
}

export function emptyPlanCounters(): PlanCounters {
  return { inserted: 0, modified: 0, coupled: 0, uncoupled: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 };
}
