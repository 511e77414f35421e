import type { Side, SyncDirection } from '../model/Direction';
import type { HeldLease } from '../state/MappingLease';
import type { FieldMapping } from '../model/FieldMapping';
import type { Row } from '../model/Row';
import type { TableMapping, Template } from '../model/TableMapping';
import type { ErrorClass } from '../errors/ErrorClass';
import type { Coupling } from '../state/Coupling';
import type { SyncJob } from '../state/SyncJob';
import type { StateTransaction } from '../stores/TableStore';

/** A job begins or ends. At `onJobEnd` the counters on `job` are final. */
export interface JobContext {
  mapping: TableMapping;
  direction: SyncDirection;
  job: SyncJob;
  /**
   * At `onJobStart` / `onJobEnd` of a run's pass: the mapping's lease the run holds. A tap that calls the engine for
   * this same mapping passes it (`engine.couple(name, …, { lease })`); without it the call is refused, the mapping
   * being busy (with this very run).
   */
  lease?: HeldLease;
}

/** One source row on its way through the pipeline. */
export interface RecordContext extends JobContext {
  source: Row;
  /** The counterpart, when one was found. */
  destination?: Row;
  coupling?: Coupling;
}

/** Before and after the field transfer of one record. */
export interface TransformContext extends RecordContext {
  action: 'insert' | 'modify';
  /** Destination field → value to write. Taps may add or change entries. */
  changes: Record<string, unknown>;
  /** Veto: the record is skipped with this reason (counted as skipped). */
  skip(reason: string): void;
}

/** One field about to be written. */
export interface FieldContext extends RecordContext {
  field: FieldMapping;
  destinationField: string;
}

/** Both sides changed a bidirectional field since the last sync. */
export interface UpdateConflictContext extends RecordContext {
  destination: Row;
  /** The destination fields whose values conflict. */
  fields: string[];
}

/** What to do with an update conflict: let one side win, skip the record for now, or fail it. */
export type UpdateConflictDecision = 'takeBusiness' | 'takeIntegration' | 'skip' | 'fail';

/** The coupled counterpart of a source row is gone. */
export interface DeletionConflictContext extends RecordContext {
  coupling: Coupling;
}

/** What to do with a deletion conflict. */
export type DeletionConflictDecision = 'restore' | 'removeCoupling' | 'skip' | 'fail';

/** A new destination row gets its defaults. */
export interface TemplateContext extends RecordContext {
  /** The chosen template; a tap of `onBeforeApplyTemplate` may replace it or set it to undefined. */
  template: Template | undefined;
  /** The new row's values so far; `onAfterApplyTemplate` may fix them up. */
  values: Record<string, unknown>;
}

/** Around a write of one record. */
export interface WriteContext extends RecordContext {
  /** The values to write (before) or written (after). Taps of before-hooks may change them. */
  values: Record<string, unknown>;
  /** After the write: the destination id and its modified-on. */
  result?: { id: string; modifiedOn: Date };
  /** The page's state transaction: a tap writing business rows joins it (`transaction.join(orm.em)`). */
  transaction?: StateTransaction;
  /** Veto (before-hooks only): the record is skipped with this reason. */
  skip(reason: string): void;
}

/** A record failed. */
export interface RecordErrorContext extends RecordContext {
  error: Error;
  errorClass: ErrorClass;
}

/** How to treat a failed record: retry it on the next run (the default), park it as skipped, or fail it now. */
export type RecordErrorDecision = 'retry' | 'skip' | 'fail';

/** A coupling is made or removed. */
export interface CouplingContext {
  mapping: TableMapping;
  businessId: string;
  integrationId: string;
  /** Veto (before-hooks only). */
  veto(reason: string): void;
}

/** The state of one page was committed. */
export interface PageCommitContext extends JobContext {
  /** Per record: its source id and the action taken. */
  outcomes: RecordOutcome[];
}

export type RecordAction = 'insert' | 'modify' | 'unchanged' | 'skip' | 'fail' | 'couple' | 'uncouple' | 'ignore';

export interface RecordOutcome {
  sourceId: string;
  destinationId?: string;
  action: RecordAction;
  error?: string;
}

/** Several mappings share a table: pick the one for a record. */
export interface ResolveMappingContext {
  side: Side;
  table: string;
  row?: Row;
  candidates: TableMapping[];
}
