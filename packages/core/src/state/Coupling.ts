import { EntitySchema } from '@mikro-orm/core';
import { PackedGuidType } from './PackedGuidType';

/** The condition of the partial retry indexes, on a direction's result column and `skipped`, with literals only. */
export function retryCondition(result: string, skipped: string): string {
  return `${result} in ('failure', 'pending') and ${skipped} = false`;
}

function retryIndex(name: string, table: string, mapping: string, id: string, result: string, skipped: string): string {
  return `create index ${name} on ${table} (${mapping}, ${id}) where ${retryCondition(result, skipped)}`;
}

/**
 * The result of the last sync of a coupling in one direction. `pending` means the destination kept changes of its
 * own (a merge), which still have to flow the other way: the next pass in that direction takes the record first.
 */
export type SyncResult = 'success' | 'failure' | 'pending';

/** The field values both sides had when a pair was last in step: the base of the three-way merge. */
export interface SyncedValues {
  business: Record<string, unknown>;
  integration: Record<string, unknown>;
}

/**
 * The persistent link between a business row and an integration row of one mapping (BC's CRM Integration Record).
 * A record that failed before it was ever paired keeps a coupling with only its source side set, so that it is
 * retried first on the next run.
 */
export interface Coupling {
  id: number;
  mapping: string;
  businessId: string | null;
  integrationId: string | null;
  /** The business row's modified-on when it was last in step. */
  businessModifiedOn: Date | null;
  /** The integration row's modified-on when it was last in step. */
  integrationModifiedOn: Date | null;
  syncedValues: SyncedValues | null;
  lastResultToIntegration: SyncResult | null;
  lastResultFromIntegration: SyncResult | null;
  lastJobId: string | null;
  /** Failures in a row, per direction (reset by a success or a restore). */
  failureCountToIntegration: number;
  failureCountFromIntegration: number;
  /** The last error's message, per direction: "the same error twice" is judged per direction. */
  lastErrorToIntegration: string | null;
  lastErrorFromIntegration: string | null;
  /** Parked after the same error twice in a row in one direction; waits for a restore. */
  skipped: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A coupling as its row holds it: the merge base in `mergeBase` (the text form of `textMergeBase`), or in
 * `syncedValues` as JSON (rows written before the text form, and bases that have no layout). The state store reads
 * either into `syncedValues` and gives no `mergeBase` out.
 */
export interface StoredCoupling extends Coupling {
  mergeBase?: string | null;
}

export const CouplingSchema = new EntitySchema<StoredCoupling>({
  name: 'Coupling',
  tableName: 'tandem_coupling',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    mapping: { type: 'string', length: 100 },
    businessId: { type: 'string', length: 255, nullable: true },
    integrationId: { type: 'string', length: 255, nullable: true },
    businessModifiedOn: { type: 'datetime', nullable: true },
    integrationModifiedOn: { type: 'datetime', nullable: true },
    syncedValues: { type: 'json', nullable: true },
    mergeBase: { type: 'text', nullable: true },
    lastResultToIntegration: { type: 'string', length: 10, nullable: true },
    lastResultFromIntegration: { type: 'string', length: 10, nullable: true },
    // 16 bytes on SQLite (`PackedGuidType`); never a query's condition.
    lastJobId: { type: PackedGuidType, length: 36, nullable: true },
    failureCountToIntegration: { type: 'integer', default: 0 },
    failureCountFromIntegration: { type: 'integer', default: 0 },
    lastErrorToIntegration: { type: 'text', nullable: true },
    lastErrorFromIntegration: { type: 'text', nullable: true },
    skipped: { type: 'boolean', default: false },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
  uniques: [
    { name: 'tandem_coupling_business_uq', properties: ['mapping', 'businessId'] },
    { name: 'tandem_coupling_integration_uq', properties: ['mapping', 'integrationId'] },
  ],
  // Retry-first reads look up a mapping's failed or pending couplings per direction. Partial indexes: they hold only
  // those couplings (few), not one entry per coupling. The query must spell the same condition with literals
  // (`retryCondition`): a planner cannot prove a bound parameter matches an index's condition.
  indexes: [
    { name: 'tandem_coupling_retry_to_pidx', expression: (table, columns, name) => retryIndex(name, `${table}`, columns.mapping!, columns.id!, columns.lastResultToIntegration!, columns.skipped!) },
    { name: 'tandem_coupling_retry_from_pidx', expression: (table, columns, name) => retryIndex(name, `${table}`, columns.mapping!, columns.id!, columns.lastResultFromIntegration!, columns.skipped!) },
  ],
});

/** The coupling columns that belong to one direction. */
export interface DirectionColumns {
  result: 'lastResultToIntegration' | 'lastResultFromIntegration';
  failureCount: 'failureCountToIntegration' | 'failureCountFromIntegration';
  lastError: 'lastErrorToIntegration' | 'lastErrorFromIntegration';
}

export function directionColumns(direction: 'toIntegration' | 'fromIntegration'): DirectionColumns {
  return direction === 'toIntegration'
    ? { result: 'lastResultToIntegration', failureCount: 'failureCountToIntegration', lastError: 'lastErrorToIntegration' }
    : { result: 'lastResultFromIntegration', failureCount: 'failureCountFromIntegration', lastError: 'lastErrorFromIntegration' };
}

/**
 * A new coupling — the one place couplings are made. `ids` names one side (a half coupling of a record that failed
 * before it had a counterpart) or both.
 */
export function newCoupling(mapping: string, ids: { businessId?: string | null; integrationId?: string | null }, now: Date): Coupling {
  return {
    id: 0, mapping, businessId: ids.businessId ?? null, integrationId: ids.integrationId ?? null,
    businessModifiedOn: null, integrationModifiedOn: null, syncedValues: null,
    lastResultToIntegration: null, lastResultFromIntegration: null, lastJobId: null,
    failureCountToIntegration: 0, failureCountFromIntegration: 0, lastErrorToIntegration: null, lastErrorFromIntegration: null,
    skipped: false, createdAt: now, updatedAt: now,
  };
}
