import { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, HookMap } from 'tapable';
import { bailAnswers } from './bailAnswers';
import { fieldSkipTest, type FieldTapOptions } from './fieldFilter';
import { guardTaps } from './guardTaps';
import type {
  CouplingContext,
  DeletionConflictContext,
  DeletionConflictDecision,
  FieldContext,
  JobContext,
  PageCommitContext,
  RecordContext,
  RecordErrorContext,
  RecordErrorDecision,
  ResolveMappingContext,
  TemplateContext,
  TransformContext,
  UpdateConflictContext,
  UpdateConflictDecision,
  WriteContext,
} from './SyncContexts';
import type { Row } from '../model/Row';

type Series<C> = AsyncSeriesHook<[C]>;
type Bail<C, R> = AsyncSeriesBailHook<[C], R | undefined>;

/** A family of hooks keyed by mapping name; the key `EVERY_MAPPING` ('*') reaches every mapping. */
export type MappingHooks<H> = HookMap<H>;

function series<C>(name: string): MappingHooks<Series<C>> {
  return new HookMap(() => guardTaps(name, new AsyncSeriesHook<[C]>(['context'])));
}

function bail<C, R>(name: string, isAnswer?: (value: unknown) => boolean): MappingHooks<Bail<C, R>> {
  return new HookMap(() => {
    const hook = guardTaps(name, new AsyncSeriesBailHook<[C], R | undefined>(['context']));
    return isAnswer ? bailAnswers(hook, isAnswer) : hook;
  });
}

/**
 * Every hook point of a sync, created once per host and frozen. Per-mapping families are `HookMap`s:
 * `hooks.onBeforeInsert.for('CUSTOMER').tapPromise(PLUGIN_NAME, …)` for one mapping, `.for(EVERY_MAPPING)` for
 * all; both kinds of taps run together in stage order. See packages/core/README.md for the reference.
 */
export function createSyncHooks() {
  return Object.freeze({
    /** A job begins (Series). BC: OnAfterInitSynchJob. */
    onJobStart: series<JobContext>('onJobStart'),
    /** A job ended; counters are final (Series). */
    onJobEnd: series<JobContext>('onJobEnd'),
    /** Several mappings share a table: return the name of the mapping for a record (Bail). Not per mapping. */
    onResolveMapping: guardTaps('onResolveMapping', new AsyncSeriesBailHook<[ResolveMappingContext], string | undefined>(['context'])),
    /**
     * Each candidate source row: return true to ignore it, uncounted (Bail). BC: OnQueryPostFilterIgnoreRecord. Only
     * `true` is an answer: a tap returning `false` lets the next tap decide.
     */
    onQueryPostFilter: bail<RecordContext, boolean>('onQueryPostFilter', (value) => value === true),
    /**
     * No coupling for the source row: return an existing destination row to couple (Bail). BC:
     * OnFindUncoupledDestinationRecord. A tap that finds nothing (`undefined`, `null`, `false`) lets the next tap look.
     */
    onFindUncoupled: bail<RecordContext, Row>('onFindUncoupled', (value) => value !== undefined && value !== null && value !== false),
    /** Before field transfer: pre-fill `changes` or `skip()` (Series). BC: OnBeforeTransferRecordFields. */
    onBeforeTransform: series<TransformContext>('onBeforeTransform'),
    /**
     * Each field to be written: return the value to write (Waterfall). BC: OnTransferFieldData. The tap option
     * `fields` (names or a predicate) limits a tap to the fields it acts on: other fields cost it no call.
     */
    onTransferField: new HookMap(() =>
      guardTaps(
        'onTransferField',
        new AsyncSeriesWaterfallHook<[unknown, FieldContext], unknown, FieldTapOptions>(['value', 'context']),
        fieldSkipTest('onTransferField'),
      ),
    ),
    /** After field transfer: derive fields into `changes` (Series). BC: OnAfterTransferRecordFields. */
    onAfterTransform: series<TransformContext>('onAfterTransform'),
    /** Both sides changed a bidirectional field: decide (Bail). BC: OnUpdateConflictDetected. */
    onUpdateConflict: bail<UpdateConflictContext, UpdateConflictDecision>('onUpdateConflict'),
    /** The coupled counterpart was deleted: decide (Bail). BC: OnDeletionConflictDetected. */
    onDeletionConflict: bail<DeletionConflictContext, DeletionConflictDecision>('onDeletionConflict'),
    /** A new destination row is about to get its template: change `template` (Series). BC: OnBeforeApplyRecordTemplate. */
    onBeforeApplyTemplate: series<TemplateContext>('onBeforeApplyTemplate'),
    /** The template was applied: fix up `values` (Series). BC: OnAfterApplyRecordTemplate. */
    onAfterApplyTemplate: series<TemplateContext>('onAfterApplyTemplate'),
    /** Before an insert: set keys, owner; or `skip()` (Series). BC: OnBeforeInsertRecord. */
    onBeforeInsert: series<WriteContext>('onBeforeInsert'),
    /** After an insert (inside the page's transaction on the business side) (Series). BC: OnAfterInsertRecord. */
    onAfterInsert: series<WriteContext>('onAfterInsert'),
    /** Before an update (Series). BC: OnBeforeModifyRecord. */
    onBeforeModify: series<WriteContext>('onBeforeModify'),
    /** After an update (Series). BC: OnAfterModifyRecord. */
    onAfterModify: series<WriteContext>('onAfterModify'),
    /** The source changed but nothing differed, so nothing was written (Series). BC: OnAfterUnchangedRecordHandled. */
    onUnchanged: series<RecordContext>('onUnchanged'),
    /** A record failed: classify it (Bail). BC: OnErrorWhenModifyingRecord. */
    onRecordError: bail<RecordErrorContext, RecordErrorDecision>('onRecordError'),
    /** A coupling is about to be made; `veto()` to stop it (Series). BC: OnBeforeCoupleRecord. */
    onBeforeCouple: series<CouplingContext>('onBeforeCouple'),
    /** A coupling was made (Series). BC: OnAfterCoupleRecord. */
    onAfterCouple: series<CouplingContext>('onAfterCouple'),
    /** A coupling is about to be removed; `veto()` to stop it (Series). BC: OnBeforeUncoupleRecord. */
    onBeforeUncouple: series<CouplingContext>('onBeforeUncouple'),
    /** A coupling was removed (Series). BC: OnAfterUncoupleRecord. */
    onAfterUncouple: series<CouplingContext>('onAfterUncouple'),
    /** A page's state was committed; side effects outside the transaction go here (Series). */
    onAfterCommit: series<PageCommitContext>('onAfterCommit'),
  });
}

export type SyncHooks = ReturnType<typeof createSyncHooks>;
