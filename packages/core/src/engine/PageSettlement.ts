import { callBail } from '../hooks/callHooks';
import type { RecordAction, RecordErrorDecision, RecordOutcome } from '../hooks/SyncContexts';
import { classifyError } from '../errors/TandemError';
import { storedErrorText } from '../errors/storedErrorText';
import { newCoupling, type Coupling } from '../state/Coupling';
import type { MissingOptionValue } from '../state/OptionMapping';
import { couplingIdField, type PageState } from '../state/StateStore';
import type { JobCounters } from '../state/SyncJob';
import { mappedNames, mappedValue, mappedValues } from './FieldTransfer';
import { plainObjects } from './plainObjects';
import { isEmpty } from './values';
import type { PassScope } from './PassScope';
import { asError, type PageOptions, type RecordWork } from './RecordWork';

const COUNTERS: Partial<Record<RecordAction, keyof JobCounters>> = {
  insert: 'inserted', modify: 'modified', unchanged: 'unchanged', skip: 'skipped', fail: 'failed', uncouple: 'uncoupled',
};

/**
 * The code a job error is stored with: the most specific `TANDEM_` code in the error's cause chain, so a rule a
 * plugin throws inside a hook keeps its own code rather than the wrapper's `TANDEM_HOOK_FAILED`.
 */
export function storedErrorCode(error: Error): string | null {
  let code: string | null = null;
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const own = (current as { code?: unknown }).code;
    if (typeof own === 'string' && (code === null || own.startsWith('TANDEM_'))) code = own;
  }
  return code;
}

function withoutEmpty(values: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) if (!isEmpty(value)) kept[field] = value;
  return kept;
}

/**
 * `withoutEmpty(mappedValues(mapping, side, { ...values, ...changes }))` in one pass, into `kept` (a fresh object):
 * the mapped values of one side, a value in `changes` over the one in `values`, empty ones left out.
 */
function nonEmptyMapped(
  kept: Record<string, unknown>,
  names: readonly string[],
  values: Record<string, unknown> | undefined,
  changes: Record<string, unknown> | undefined,
): Record<string, unknown> {
  for (let at = 0; at < names.length; at++) {
    const name = names[at]!;
    const value = mappedValue(changes && Object.hasOwn(changes, name) ? changes[name] : values?.[name]);
    if (!isEmpty(value)) kept[name] = value;
  }
  return kept;
}

const NO_IDS = {};

/** A settled record: its outcome, and whether it made a new pair (for `onAfterCouple`). */
export interface Settled {
  outcome: RecordOutcome;
  newPair?: { businessId: string; integrationId: string };
}

/**
 * Settles a page: decides each record's outcome (the one place it is set), and builds the page's state — couplings
 * with their stamps and last-synced values, failures with the "same error twice" rule per direction, job errors and
 * counters, the watermark.
 */
export class PageSettlement {
  readonly #scope: PassScope;
  /** The mapped field names of the source side and of the destination side (`mappedNames`), once per pass. */
  readonly #sourceNames: readonly string[];
  readonly #destinationNames: readonly string[];
  /** The objects a coupling's last-synced values are made of (`plainObjects`): a maker of this pass, fitted to its rows. */
  readonly #SyncedValues = plainObjects();

  constructor(scope: PassScope) {
    this.#scope = scope;
    this.#sourceNames = mappedNames(scope.mapping, scope.from);
    this.#destinationNames = mappedNames(scope.mapping, scope.to);
  }

  async settle(works: RecordWork[], missingOptions: Omit<MissingOptionValue, 'id'>[], options: PageOptions): Promise<{ page: PageState; settled: Settled[] }> {
    const { job, direction } = this.#scope;
    const { cursor, seenThrough, fullSync = false } = options;
    const page: PageState = {
      couplings: [], removedCouplings: [], errors: [], missingOptions, job,
      ...(cursor ? { cursor: { direction, cursor, fullSync, ...(seenThrough ? { seenThrough } : {}) } } : {}),
    };
    const now = new Date();
    const settled: Settled[] = [];
    // An index loop: `for … of` takes an iterator result per record here (an async function V8 optimizes late).
    for (let at = 0; at < works.length; at++) {
      const work = works[at]!;
      let action: RecordAction;
      let newPair: Settled['newPair'];
      if (work.error) {
        action = (await this.#settleFailure(work, page, now)) ? 'skip' : 'fail';
      } else if (work.halt === 'uncouple') {
        action = 'uncouple';
        if (work.coupling) page.removedCouplings.push(work.coupling.id);
      } else if (work.result || (work.halt === 'unchanged' && work.changes)) {
        // Written, or compared and found equal: the pair is in step now, so its stamps move on (this stops echoes).
        page.couplings.push(this.#settleSuccess(work, now));
        action = work.result ? work.action! : 'unchanged';
        if (work.newlyCoupled || work.action === 'insert') newPair = this.#scope.pairIds(work.source.id, work.result?.id ?? work.destination!.id);
      } else {
        action = work.halt ?? 'ignore';
      }
      if (work.newlyCoupled && !work.error) job.coupled += 1;
      const counter = COUNTERS[action];
      if (counter) job[counter] += 1;
      const one: Settled = { outcome: this.#outcome(work, action) };
      if (newPair) one.newPair = newPair;
      settled.push(one);
    }
    return { page, settled };
  }

  #outcome(work: RecordWork, action: RecordAction): RecordOutcome {
    const destinationId = work.result?.id ?? work.destination?.id ?? this.#scope.counterpartId(work) ?? undefined;
    // Keys set in the order they always had, without spreads (a runtime call and a temporary object each, per record).
    const outcome = { sourceId: work.source.id } as RecordOutcome;
    if (destinationId) outcome.destinationId = destinationId;
    outcome.action = action;
    if (work.error) outcome.error = work.error.message;
    return outcome;
  }

  #baseCoupling(work: RecordWork, now: Date): Coupling {
    if (work.coupling) return Object.assign({}, work.coupling);
    return newCoupling(this.#scope.mapping.name, { [couplingIdField(this.#scope.from)]: work.source.id }, now);
  }

  #settleSuccess(work: RecordWork, now: Date): Coupling {
    const { mapping, from, to, columns, reverseColumns, job } = this.#scope;
    // Both ids are set right below: a new coupling starts without them (no object with a computed key per record).
    const coupling = work.coupling ? Object.assign({}, work.coupling) : newCoupling(mapping.name, NO_IDS, now);
    coupling[couplingIdField(to)] = work.result?.id ?? work.destination!.id;
    coupling[couplingIdField(from)] = work.source.id;
    coupling[from === 'business' ? 'businessModifiedOn' : 'integrationModifiedOn'] = work.source.modifiedOn;
    const previous = coupling.syncedValues;
    // Empty values are left out: a missing field reads as empty, which every comparison treats as equal to empty.
    const source = nonEmptyMapped(this.#newSyncedValues(), this.#sourceNames, work.source.values, undefined);
    let destination: Record<string, unknown>;
    if (work.kept.length > 0) {
      // The destination has changes of its own that were not overwritten: leave its stamp and base values where they
      // were, and mark the reverse direction pending, so they flow back on the reverse pass.
      // Not `{ ...a, ...b }`: V8's slow path for properties added to a spread copy (see `PassScope.context`).
      const values = mappedValues(mapping, to, Object.assign({}, work.destination?.values, work.changes));
      for (const field of work.kept) values[field] = previous?.[to]?.[field] ?? null;
      destination = withoutEmpty(values);
      coupling[reverseColumns.result] = 'pending';
    } else {
      // The destination's values as written: the changes over the row as it was (no merged copy of the whole row).
      destination = nonEmptyMapped(this.#newSyncedValues(), this.#destinationNames, work.destination?.values, work.changes);
      coupling[to === 'business' ? 'businessModifiedOn' : 'integrationModifiedOn'] = work.result?.modifiedOn ?? work.destination!.modifiedOn;
      if (coupling[reverseColumns.result] === 'pending') coupling[reverseColumns.result] = 'success';
    }
    coupling.syncedValues = from === 'business' ? { business: source, integration: destination } : { business: destination, integration: source };
    coupling[columns.result] = 'success';
    coupling[columns.failureCount] = 0;
    coupling[columns.lastError] = null;
    coupling.lastJobId = job.id;
    return coupling;
  }

  /** A fresh object for one side's last-synced values: `{}` to anyone who looks (`plainObjects`). */
  #newSyncedValues(): Record<string, unknown> {
    return new this.#SyncedValues() as Record<string, unknown>;
  }

  /**
   * Records a failure on the coupling and in the job's errors. The same error twice in a row in this direction parks
   * the record (skipped), unless it is throttled or transient, or an `onRecordError` tap decides otherwise. Returns
   * whether the record was parked now: that run counts it as skipped, as BC's job counters do.
   */
  async #settleFailure(work: RecordWork, page: PageState, now: Date): Promise<boolean> {
    const { env, mapping, to, columns, job } = this.#scope;
    const errorClass = classifyError(work.error);
    let decision: RecordErrorDecision | undefined;
    try {
      decision = await callBail(env.hooks.onRecordError, mapping.name, this.#scope.context(work, { error: work.error!, errorClass }));
    } catch (hookError) {
      work.error = asError(hookError);
    }
    const coupling = this.#baseCoupling(work, now);
    // A row that was written but then failed (e.g. in an after-hook) stays coupled, so the retry updates it.
    if (work.result) coupling[couplingIdField(to)] = work.result.id;
    // Compared as it is stored (capped, SQL left out), so a long repeated error still parks its record.
    const message = storedErrorText(work.error!.message);
    const repeated = coupling[columns.result] === 'failure' && coupling[columns.lastError] === message;
    const countsTowardsSkip = errorClass !== 'throttled' && errorClass !== 'transient';
    const parked = decision === 'skip' || (decision !== 'retry' && countsTowardsSkip && repeated);
    coupling.skipped = parked;
    coupling[columns.result] = 'failure';
    coupling[columns.failureCount] += 1;
    coupling[columns.lastError] = message;
    coupling.lastJobId = job.id;
    page.couplings.push(coupling);
    page.errors.push({
      jobId: job.id, mapping: mapping.name, sourceId: work.source.id,
      destinationId: work.result?.id ?? work.destination?.id ?? this.#scope.counterpartId(work) ?? null,
      message, stack: work.error!.stack ?? null, errorClass: classifyError(work.error),
      code: storedErrorCode(work.error!), createdAt: now,
    });
    return parked;
  }
}
