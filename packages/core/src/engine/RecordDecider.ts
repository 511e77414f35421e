import { callBail, callSeries, fieldPlans, isTapped } from '../hooks/callHooks';
import { isThenable } from '../hooks/guardTaps';
import type { DeletionConflictDecision, TemplateContext, TransformContext, UpdateConflictDecision, WriteContext } from '../hooks/SyncContexts';
import { EngineErrors } from '../errors/engineErrors';
import type { Side } from '../model/Direction';
import { matchesFilter } from '../model/Filter';
import type { Row } from '../model/Row';
import type { TableMapping, Template } from '../model/TableMapping';
import type { WriteOperation } from '../stores/TableStore';
import type { Coupling } from '../state/Coupling';
import type { MissingOptionValue } from '../state/OptionMapping';
import { deterministicId } from './deterministicId';
import { mappedNames, mappedValue, transferFields, type TransferInput, type TransferResult } from './FieldTransfer';
import type { PassScope } from './PassScope';
import type { ReferenceTranslator } from './ReferenceTranslator';
import { plainObjects } from './plainObjects';
import { asError, type PageOptions, type RecordWork } from './RecordWork';
import { stepwise, wait, type Steps } from './stepwise';
import { valuesEqual } from './values';

/** What deciding a page's records needs besides the records: the page's references and its missing-option register. */
export interface PageInputs {
  references: ReferenceTranslator;
  missingOptions: Omit<MissingOptionValue, 'id'>[];
  /** Which decision hooks have taps, asked once per page (`decisionTaps`). */
  taps: DecisionTaps;
}

/** Which of the hooks that get a context while a record is decided have taps: an untapped one gets no context built. */
export interface DecisionTaps {
  /** `onBeforeTransform`, `onAfterTransform`, or `onTransferField` for a field of the pass: the transform context. */
  transform: boolean;
  /** `onBeforeApplyTemplate` or `onAfterApplyTemplate`: the template context. */
  template: boolean;
  /** `onBeforeInsert`: its write context. */
  insert: boolean;
  /** `onBeforeModify`: its write context. */
  modify: boolean;
}

export function decisionTaps(scope: PassScope): DecisionTaps {
  const { hooks } = scope.env;
  const name = scope.mapping.name;
  return {
    transform: isTapped(hooks.onBeforeTransform, name) || isTapped(hooks.onAfterTransform, name)
      || fieldPlans(hooks.onTransferField, scope.mapping, scope.direction, scope.fields) !== undefined,
    template: isTapped(hooks.onBeforeApplyTemplate, name) || isTapped(hooks.onAfterApplyTemplate, name),
    insert: isTapped(hooks.onBeforeInsert, name),
    modify: isTapped(hooks.onBeforeModify, name),
  };
}

/** A new row's values, or the promise of them when a template tap returned one. */
type TemplateValues = Record<string, unknown> | Promise<Record<string, unknown>>;

/** A record's veto: the `skip` its contexts carry, and the reason it was given. */
interface Veto {
  reason: string | undefined;
  skip: (reason: string) => void;
}

/**
 * One veto per record. The arrow is made here, not as `skip: (reason) => …` in an object literal: tsx (esbuild's
 * `keepNames`) wraps a named arrow in a `__name` call that redefines its `name` — a property write and a map of its
 * own for every record.
 */
function newVeto(): Veto {
  const veto: Veto = { reason: undefined, skip: undefined! };
  veto.skip = (reason: string) => void (veto.reason = reason);
  return veto;
}

/**
 * Decides one record at a time: whether it takes part (parked, post-filter, coupled-only), whether it changed, the
 * deletion and update conflicts, the field transfer, the template of a new row, and the before-write hooks. It
 * leaves a write operation on the record, or a halt; it never sets the outcome.
 *
 * The steps are generators run by `stepwise`: a record whose hooks answer at once is decided synchronously, and one
 * whose taps return promises waits for them exactly where an `await` would.
 */
export class RecordDecider {
  readonly #scope: PassScope;
  /** The destination's templates by priority (sorted once per pass, not per new row). */
  #templates: Template[] | undefined;
  /**
   * The objects a record's changes and a new row's values are made of (`plainObjects`): makers of this pass, fitted
   * to its mapping's rows.
   */
  readonly #Changes = plainObjects();
  readonly #NewRowValues = plainObjects();

  constructor(scope: PassScope) {
    this.#scope = scope;
  }

  /** Parked couplings, post-filter taps and syncOnlyCoupled. */
  admit(works: RecordWork[], options: PageOptions): void | Promise<void> {
    return stepwise(this.#admit(works, options));
  }

  *#admit(works: RecordWork[], options: PageOptions): Steps<void> {
    const { env, mapping, columns } = this.#scope;
    const filterTapped = isTapped(env.hooks.onQueryPostFilter, mapping.name);
    for (let at = 0; at < works.length; at++) {
      const work = works[at]!;
      if (work.coupling?.skipped) {
        work.halt = 'skip';
        continue;
      }
      try {
        let ignored = filterTapped ? callBail(env.hooks.onQueryPostFilter, mapping.name, this.#scope.context(work)) : undefined;
        if (isThenable(ignored)) ignored = (yield ignored) as boolean | undefined;
        if (ignored === true) {
          work.halt = 'ignore';
          continue;
        }
      } catch (error) {
        work.error = asError(error);
        continue;
      }
      const retrying = work.coupling?.[columns.result] === 'failure';
      if (!this.#scope.counterpartId(work) && !options.allowCreate && !retrying) work.halt = 'ignore';
    }
  }

  /**
   * Change detection on the source alone, before any destination row is fetched: a coupled record whose source has
   * not changed since its pair was last in step (an echo of our own write, an overlap re-read) stops here, so it
   * costs no read of the destination. An unchanged record whose `onUnchanged` is tapped goes on, so the tap still
   * sees its destination row.
   */
  passUnchanged(works: RecordWork[], options: PageOptions): void {
    const { env, mapping, from, columns } = this.#scope;
    if (options.force) return;
    const unchangedTapped = isTapped(env.hooks.onUnchanged, mapping.name);
    for (const work of works) {
      const coupling = work.coupling;
      if (work.halt || work.error || !coupling || !this.#scope.counterpartId(work)) continue;
      if (coupling[columns.result] === 'failure' || coupling[columns.result] === 'pending') continue;
      if (this.#changedSince(work.source, from, coupling)) continue;
      const overlap = options.windowStart && work.source.modifiedOn.getTime() <= options.windowStart.getTime();
      if (overlap) work.halt = 'ignore';
      else if (!unchangedTapped) work.halt = 'unchanged';
    }
  }

  /** Decides one record; a promise only when a tap made one. A failure is left on the record. */
  decide(work: RecordWork, options: PageOptions, inputs: PageInputs): void | Promise<void> {
    try {
      const decided = stepwise(this.#decide(work, options, inputs));
      if (decided) return decided.catch((error: unknown) => void (work.error = asError(error)));
    } catch (error) {
      work.error = asError(error);
    }
  }

  *#decide(work: RecordWork, options: PageOptions, inputs: PageInputs): Steps<void> {
    const { env, mapping, direction, from, to, columns } = this.#scope;
    if (this.#scope.counterpartId(work) && !work.destination) {
      const decided = yield* this.#deletionConflict(work);
      if (decided !== 'restore') return;
    }
    work.action = work.destination ? 'modify' : 'insert';
    let bothChanged = false;
    if (work.action === 'modify' && !work.newlyCoupled && !options.force) {
      const coupling = work.coupling!;
      const pending = coupling[columns.result] === 'failure' || coupling[columns.result] === 'pending';
      const sourceChanged = pending || this.#changedSince(work.source, from, coupling);
      if (!sourceChanged) {
        const overlap = options.windowStart && work.source.modifiedOn.getTime() <= options.windowStart.getTime();
        work.halt = overlap ? 'ignore' : 'unchanged';
        if (!overlap) yield callSeries(env.hooks.onUnchanged, mapping.name, this.#scope.context(work));
        return;
      }
      bothChanged = mapping.direction === 'bidirectional' && this.#changedSince(work.destination!, to, coupling);
    }

    // The contexts (and the veto they carry) are built only for hooks that have taps: a record of a mapping without
    // decision taps costs no context objects and no copies of its changes.
    const { taps } = inputs;
    let veto: Veto | undefined;
    let transform: TransformContext | undefined;
    if (taps.transform) {
      veto = newVeto();
      // Its own properties set one by one, in the order they always had: no object made only to be copied from.
      transform = this.#scope.context(work) as TransformContext;
      transform.action = work.action;
      transform.changes = this.#newChanges();
      transform.skip = veto.skip;
      const beforeTransform = callSeries(env.hooks.onBeforeTransform, mapping.name, transform);
      if (beforeTransform) yield beforeTransform;
      if (veto.reason !== undefined) return void (work.halt = 'skip');
    }
    const synced = work.coupling?.syncedValues;
    // One literal with every key (the absent ones undefined): no spread, no property added after it is made.
    const input: TransferInput = {
      env, mapping, direction, fields: this.#scope.fields, source: work.source, destination: work.destination,
      synced: synced ? { source: synced[from], destination: synced[to] } : null,
      bothChanged, references: inputs.references, options: this.#scope.options, missingOptions: inputs.missingOptions,
      context: transform, changes: this.#newChanges(),
    };
    let transferred = transferFields(input);
    if (isThenable(transferred)) transferred = (yield transferred) as TransferResult;
    work.kept = transferred.kept;
    let changes = transferred.changes;
    if (transform) {
      Object.assign(transform.changes, transferred.changes);
      const afterTransform = callSeries(env.hooks.onAfterTransform, mapping.name, transform);
      if (afterTransform) yield afterTransform;
      if (veto!.reason !== undefined) return void (work.halt = 'skip');
      // The context's changes go on (a tap may even have replaced the object).
      changes = transform.changes;
    }

    if (transferred.conflicts.length > 0) {
      const fields = transferred.conflicts.map((c) => c.destinationField);
      const decision = yield* this.#updateConflict(work, fields);
      if (decision === 'skip') return void (work.halt = 'skip');
      if (decision === 'fail') throw EngineErrors.updateConflict(fields, this.#scope.destinationTable.name, work.destination!.id);
      const winner: Side = decision === 'takeBusiness' ? 'business' : 'integration';
      if (winner === from) for (const c of transferred.conflicts) changes[c.destinationField] = c.value;
      else work.kept.push(...fields);
    }
    work.changes = changes;
    if (work.action === 'modify' && Object.keys(work.changes).length === 0) {
      work.halt = 'unchanged';
      yield callSeries(env.hooks.onUnchanged, mapping.name, this.#scope.context(work));
      return;
    }
    if (work.action === 'insert') {
      const template = this.#templateFor(work);
      // No template hook tapped: the template's values under the changes, without a context (nor steps). With no
      // template and no transform context that holds the changes too, they go on as they are (nothing else has them).
      if (taps.template) {
        let values = this.#applyTemplate(work, template, work.changes);
        if (isThenable(values)) values = (yield values) as Record<string, unknown>;
        work.changes = values;
      } else if (template || taps.transform) work.changes = this.#withTemplate(template, work.changes);
    }

    if (work.action === 'insert' ? taps.insert : taps.modify) {
      // The transform's veto: a `skip` kept from the transform context and called now skips the record too.
      veto ??= newVeto();
      const write = this.#scope.context(work) as WriteContext;
      write.values = work.changes;
      write.skip = veto.skip;
      const beforeWrite = callSeries(work.action === 'insert' ? env.hooks.onBeforeInsert : env.hooks.onBeforeModify, mapping.name, write);
      if (beforeWrite) yield beforeWrite;
      if (veto.reason !== undefined) return void (work.halt = 'skip');
      work.changes = write.values;
    } else if (veto?.reason !== undefined) {
      // A `skip` kept from the transform context and called by a later tap (onUnchanged cannot reach here).
      return void (work.halt = 'skip');
    }
    const ref = work.source.id;
    if (work.action === 'insert') {
      // One literal either way: `id` added after the literal is made would take a property array of its own.
      work.operation = work.proposedId ? { kind: 'insert', ref, values: work.changes, id: work.proposedId } : { kind: 'insert', ref, values: work.changes };
    } else {
      const update: Extract<WriteOperation, { kind: 'update' }> = { kind: 'update', ref, id: work.destination!.id, values: work.changes };
      if (work.destination!.etag) update.etag = work.destination!.etag;
      work.operation = update;
    }
  }

  /**
   * Whether a row changed since its pair was last in step. A later stamp says so; an equal stamp does not prove the
   * opposite on a clock with whole-second resolution (Dataverse), where a user's edit can share the second of our own
   * write — so then the mapped values are compared with the ones last in step.
   */
  #changedSince(row: Row, side: Side, coupling: Coupling): boolean {
    const stamp = side === 'business' ? coupling.businessModifiedOn : coupling.integrationModifiedOn;
    if (!stamp || row.modifiedOn.getTime() > stamp.getTime()) return true;
    if (row.modifiedOn.getTime() < stamp.getTime()) return false;
    const synced = coupling.syncedValues?.[side];
    if (!synced) return true;
    const names = mappedNames(this.#scope.mapping, side);
    for (let at = 0; at < names.length; at++) {
      const field = names[at]!;
      if (!valuesEqual(mappedValue(row.values[field]), synced[field])) return true;
    }
    return false;
  }

  *#deletionConflict(work: RecordWork): Steps<DeletionConflictDecision> {
    const { env, mapping, to, destinationTable } = this.#scope;
    const byResolution: Record<TableMapping['deletionConflictResolution'], DeletionConflictDecision> = {
      none: 'fail', restoreRecords: 'restore', removeCoupling: 'removeCoupling',
    };
    const decision =
      (yield* wait(callBail(env.hooks.onDeletionConflict, mapping.name, this.#scope.context(work, { coupling: work.coupling! })))) ??
      byResolution[mapping.deletionConflictResolution];
    if (decision === 'fail') throw EngineErrors.deletionConflict(destinationTable.name, this.#scope.counterpartId(work)!);
    if (decision === 'skip') work.halt = 'skip';
    if (decision === 'removeCoupling') {
      yield* this.#beforeUncouple(work);
      work.halt = 'uncouple';
    }
    if (decision === 'restore' && !destinationTable.idGenerated) {
      // The coupling is kept and re-pointed at the row the insert makes. Its id derives from the deleted row's id
      // too, so a restore retried after a crash finds the row it made (a rare path: one lookup).
      work.proposedId = deterministicId(mapping.name, `${work.source.id}:restored:${this.#scope.counterpartId(work)}`);
      const [made] = yield* wait(env.stores[to].getByIds(destinationTable.name, [work.proposedId]));
      if (made) Object.assign(work, { destination: made, newlyCoupled: true });
    }
    return decision;
  }

  *#beforeUncouple(work: RecordWork): Steps<void> {
    const { env, mapping } = this.#scope;
    let vetoed: string | undefined;
    yield callSeries(env.hooks.onBeforeUncouple, mapping.name, {
      mapping, ...this.#scope.pairIds(work.source.id, this.#scope.counterpartId(work) ?? ''), veto: (reason) => (vetoed = reason),
    });
    if (vetoed !== undefined) throw EngineErrors.uncouplingVetoed(vetoed);
  }

  *#updateConflict(work: RecordWork, fields: string[]): Steps<UpdateConflictDecision> {
    const { env, mapping } = this.#scope;
    const byResolution: Record<TableMapping['updateConflictResolution'], UpdateConflictDecision> = {
      none: 'fail', sendUpdateToIntegration: 'takeBusiness', getUpdateFromIntegration: 'takeIntegration',
    };
    const answer = yield* wait(callBail(env.hooks.onUpdateConflict, mapping.name, this.#scope.context(work, { destination: work.destination!, fields })));
    return answer ?? byResolution[mapping.updateConflictResolution];
  }

  /** A fresh object for a record's changes: `{}` to anyone who looks (`plainObjects`). */
  #newChanges(): Record<string, unknown> {
    return new this.#Changes() as Record<string, unknown>;
  }

  /** The template for a new row: the first by priority whose filter the source row meets. */
  #templateFor(work: RecordWork): Template | undefined {
    this.#templates ??= [...this.#scope.mapping.templates[this.#scope.to]].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    return this.#templates.length > 0 ? this.#templates.find((t) => matchesFilter(work.source.values, t.filter)) : undefined;
  }

  /**
   * A new row's values: the template's under the changes. Not `{ ...template, ...changes }`: V8's slow path for
   * properties added to a spread copy (`PassScope.context`).
   */
  #withTemplate(template: Template | undefined, changes: Record<string, unknown>): Record<string, unknown> {
    return Object.assign(new this.#NewRowValues(), template?.values, changes);
  }

  /**
   * Template defaults for a new row, between the template hooks. A promise only when a tap returns one: plain
   * functions, not steps, so a new row whose taps answer at once costs no generator.
   */
  #applyTemplate(work: RecordWork, template: Template | undefined, changes: Record<string, unknown>): TemplateValues {
    const context = this.#scope.context(work) as TemplateContext;
    context.template = template;
    context.values = changes;
    const beforeTemplate = callSeries(this.#scope.env.hooks.onBeforeApplyTemplate, this.#scope.mapping.name, context);
    if (beforeTemplate) return beforeTemplate.then(() => this.#afterTemplate(context, changes));
    return this.#afterTemplate(context, changes);
  }

  #afterTemplate(context: TemplateContext, changes: Record<string, unknown>): TemplateValues {
    context.values = this.#withTemplate(context.template, changes);
    const afterTemplate = callSeries(this.#scope.env.hooks.onAfterApplyTemplate, this.#scope.mapping.name, context);
    if (afterTemplate) return afterTemplate.then(() => context.values);
    return context.values;
  }
}
