import type { EntityManager } from '@mikro-orm/core';
import { callBail, callSeries, isTapped } from '../hooks/callHooks';
import type {
  DeletionConflictDecision,
  RecordAction,
  RecordContext,
  RecordErrorDecision,
  RecordOutcome,
  TransformContext,
  UpdateConflictDecision,
  WriteContext,
} from '../hooks/SyncContexts';
import { ErrorCodes, TandemError, classifyError } from '../errors/TandemError';
import { storedErrorText } from '../errors/storedErrorText';
import type { Cursor } from '../model/Cursor';
import { destinationSide, sourceSide, type Side, type SyncDirection } from '../model/Direction';
import { matchesFilter } from '../model/Filter';
import type { Row } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';
import type { TableMapping, Template } from '../model/TableMapping';
import type { Coupling, SyncedValues } from '../state/Coupling';
import type { MissingOptionValue } from '../state/OptionMapping';
import { couplingIdField, type PageState } from '../state/StateStore';
import type { SyncJob } from '../state/SyncJob';
import type { SyncJobError } from '../state/SyncJobError';
import type { StateTransaction, WriteOperation, WriteResult } from '../stores/TableStore';
import { deterministicId } from './deterministicId';
import { activeFields, mappedValues, transferFields, type ActiveField } from './FieldTransfer';
import { findMatches } from './MatchFinder';
import type { OptionTranslator } from './OptionTranslator';
import { ReferenceTranslator } from './ReferenceTranslator';
import { tableOf, type SyncEnvironment } from './SyncEnvironment';
import { valuesEqual } from './values';

/** How a page is to be treated. */
export interface PageOptions {
  /** Skip change detection: every record is compared, and written where it differs (full sync, manual sync). */
  force: boolean;
  /** Uncoupled records may create or match their counterpart (syncOnlyCoupled off, full sync, manual sync). */
  allowCreate: boolean;
  /** Unchanged rows stamped at or before this are overlap re-reads of the previous run: passed over, uncounted. */
  windowStart?: Date;
  /** The watermark to store with the page's state. */
  cursor?: Cursor;
}

/** One record's way through a page. */
interface Work {
  source: Row;
  coupling?: Coupling;
  destination?: Row;
  /** The counterpart was found now (hook, match, or a create retried after a crash): it is coupled by this page. */
  newlyCoupled: boolean;
  proposedId?: string;
  action?: 'insert' | 'modify';
  changes?: Record<string, unknown>;
  kept: string[];
  operation?: WriteOperation;
  result?: Extract<WriteResult, { ok: true }>;
  outcome?: RecordAction;
  error?: Error;
  removeCoupling?: boolean;
}

function uncoupledError(code: (typeof ErrorCodes)[keyof typeof ErrorCodes], message: string): TandemError {
  return new TandemError(code, message, { errorClass: 'validation' });
}

/**
 * Runs the records of one page through the pipeline of DESIGN §3: couplings and destination rows are loaded with one
 * query each, the record is the unit of decisions and hooks, the destination write is one batch, and the page's
 * couplings, errors, counters and watermark commit in one transaction (which a business store joins).
 */
export class PagePipeline {
  readonly #env: SyncEnvironment;
  readonly #mapping: TableMapping;
  readonly #direction: SyncDirection;
  readonly #job: SyncJob;
  readonly #options: OptionTranslator;
  readonly #fields: ActiveField[];
  readonly #from: Side;
  readonly #to: Side;
  readonly #destinationTable: TableDefinition;
  readonly #resultField: 'lastResultToIntegration' | 'lastResultFromIntegration';
  readonly #reverseResultField: 'lastResultToIntegration' | 'lastResultFromIntegration';

  constructor(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, job: SyncJob, options: OptionTranslator) {
    this.#env = env;
    this.#mapping = mapping;
    this.#direction = direction;
    this.#job = job;
    this.#options = options;
    this.#fields = activeFields(mapping, direction);
    this.#from = sourceSide(direction);
    this.#to = destinationSide(direction);
    this.#destinationTable = tableOf(env, mapping, this.#to);
    this.#resultField = direction === 'toIntegration' ? 'lastResultToIntegration' : 'lastResultFromIntegration';
    this.#reverseResultField = direction === 'toIntegration' ? 'lastResultFromIntegration' : 'lastResultToIntegration';
  }

  async process(rows: readonly Row[], options: PageOptions): Promise<RecordOutcome[]> {
    const env = this.#env;
    const couplings = await env.state.couplingsBy(this.#mapping.name, this.#from, rows.map((r) => r.id));
    const works: Work[] = rows.map((source) => ({ source, coupling: couplings.get(source.id), newlyCoupled: false, kept: [] }));
    await this.#admit(works, options);
    await this.#findCounterparts(works.filter((w) => !w.outcome && !w.error));
    const references = await ReferenceTranslator.forPage(env, this.#mapping, this.#direction, this.#fields.map((f) => f.field), rows);
    const missingOptions: Omit<MissingOptionValue, 'id'>[] = [];
    for (const work of works) {
      if (work.outcome || work.error) continue;
      try {
        await this.#decide(work, options, references, missingOptions);
      } catch (error) {
        work.error = error instanceof Error ? error : new Error(String(error));
      }
    }
    return this.#writeAndCommit(works, missingOptions, options.cursor);
  }

  #context(work: Work): RecordContext {
    return {
      mapping: this.#mapping, direction: this.#direction, job: this.#job, source: work.source,
      ...(work.destination ? { destination: work.destination } : {}),
      ...(work.coupling ? { coupling: work.coupling } : {}),
    };
  }

  #counterpartId(work: Work): string | null | undefined {
    return work.coupling?.[couplingIdField(this.#to)];
  }

  /** Skipped couplings, post-filter taps and syncOnlyCoupled. */
  async #admit(works: Work[], options: PageOptions): Promise<void> {
    const filterTapped = isTapped(this.#env.hooks.onQueryPostFilter, this.#mapping.name);
    for (const work of works) {
      if (work.coupling?.skipped) {
        work.outcome = 'skip';
        continue;
      }
      try {
        if (filterTapped && (await callBail(this.#env.hooks.onQueryPostFilter, this.#mapping.name, this.#context(work))) === true) {
          work.outcome = 'ignore';
          continue;
        }
      } catch (error) {
        work.error = error as Error;
        continue;
      }
      const retrying = work.coupling?.[this.#resultField] === 'failure';
      if (!this.#counterpartId(work) && !options.allowCreate && !retrying) work.outcome = 'ignore';
    }
  }

  /** Loads coupled destination rows (one query), then looks for counterparts of uncoupled rows. */
  async #findCounterparts(works: Work[]): Promise<void> {
    const env = this.#env;
    const table = this.#destinationTable.name;
    const coupled = works.filter((w) => this.#counterpartId(w));
    const found = new Map((await env.stores[this.#to].getByIds(table, coupled.map((w) => this.#counterpartId(w)!))).map((r) => [r.id, r]));
    for (const work of coupled) {
      const destination = found.get(this.#counterpartId(work)!);
      if (destination) work.destination = destination;
    }
    const uncoupled = works.filter((w) => !this.#counterpartId(w));
    if (uncoupled.length === 0) return;
    if (isTapped(env.hooks.onFindUncoupled, this.#mapping.name)) {
      for (const work of uncoupled) {
        try {
          const row = await callBail(env.hooks.onFindUncoupled, this.#mapping.name, this.#context(work));
          if (row) Object.assign(work, { destination: row, newlyCoupled: true });
        } catch (error) {
          work.error = error as Error;
        }
      }
    }
    const toMatch = uncoupled.filter((w) => !w.destination && !w.error);
    const matches = await findMatches(env, this.#mapping, this.#direction, toMatch.map((w) => w.source));
    const hasMatchFields = this.#mapping.fields.some((f) => f.match && f.enabled !== false);
    for (const work of toMatch) {
      const match = matches.get(work.source.id)!;
      if (match.kind === 'match') Object.assign(work, { destination: match.row, newlyCoupled: true });
      else if (match.kind === 'ambiguous') {
        work.error = uncoupledError(
          ErrorCodes.AMBIGUOUS_MATCH,
          `${match.count} ${table} rows match on ${match.fields.join(', ')}; couple the record by hand or make the match fields unique`,
        );
      } else if (hasMatchFields && !this.#mapping.createNewOnNoMatch) {
        work.error = uncoupledError(ErrorCodes.NO_MATCH, `no uncoupled ${table} row matches, and createNewOnNoMatch is off`);
      }
    }
    // A create retried after a crash: the row made with the deterministic id is already there.
    const canChooseIds = !this.#destinationTable.idGenerated;
    const creating = uncoupled.filter((w) => !w.destination && !w.error);
    if (canChooseIds && creating.length > 0) {
      for (const work of creating) work.proposedId = deterministicId(this.#mapping.name, work.source.id);
      const existing = new Map((await env.stores[this.#to].getByIds(table, creating.map((w) => w.proposedId!))).map((r) => [r.id, r]));
      for (const work of creating) {
        const row = existing.get(work.proposedId!);
        if (row) Object.assign(work, { destination: row, newlyCoupled: true });
      }
    }
    // A row found for an uncoupled source must not be coupled to another one already, nor claimed twice in a page.
    const claimed = uncoupled.filter((w) => w.destination);
    const claims = new Map<string, Work[]>();
    for (const work of claimed) claims.set(work.destination!.id, [...(claims.get(work.destination!.id) ?? []), work]);
    for (const [id, claimants] of claims) {
      if (claimants.length < 2) continue;
      for (const work of claimants) {
        work.error = uncoupledError(
          ErrorCodes.AMBIGUOUS_MATCH,
          `${table} ${id} is the counterpart found for ${claimants.length} records (${claimants.map((w) => w.source.id).join(', ')}); couple one by hand`,
        );
      }
    }
    const taken = await env.state.couplingsBy(this.#mapping.name, this.#to, claimed.map((w) => w.destination!.id));
    for (const work of claimed) {
      const other = taken.get(work.destination!.id)?.[couplingIdField(this.#from)];
      if (other && other !== work.source.id) {
        work.error = new TandemError(ErrorCodes.COUPLING_INVALID, `${table} ${work.destination!.id} is already coupled to ${other}`, {
          errorClass: 'conflict',
        });
      }
    }
  }

  async #decide(work: Work, options: PageOptions, references: ReferenceTranslator, missingOptions: Omit<MissingOptionValue, 'id'>[]) {
    const env = this.#env;
    const mapping = this.#mapping;
    if (this.#counterpartId(work) && !work.destination) {
      const decided = await this.#deletionConflict(work);
      if (decided !== 'restore') return;
    }
    work.action = work.destination ? 'modify' : 'insert';
    let bothChanged = false;
    if (work.action === 'modify' && !work.newlyCoupled && !options.force) {
      const coupling = work.coupling!;
      const sourceStamp = this.#from === 'business' ? coupling.businessModifiedOn : coupling.integrationModifiedOn;
      const destinationStamp = this.#to === 'business' ? coupling.businessModifiedOn : coupling.integrationModifiedOn;
      const pending = coupling[this.#resultField] === 'failure' || coupling[this.#resultField] === 'pending';
      const sourceChanged = pending || this.#changedSince(work.source, this.#from, sourceStamp, coupling);
      if (!sourceChanged) {
        const overlap = options.windowStart && work.source.modifiedOn.getTime() <= options.windowStart.getTime();
        work.outcome = overlap ? 'ignore' : 'unchanged';
        if (!overlap) await callSeries(env.hooks.onUnchanged, mapping.name, this.#context(work));
        return;
      }
      bothChanged = mapping.direction === 'bidirectional' && this.#changedSince(work.destination!, this.#to, destinationStamp, coupling);
    }

    let vetoed: string | undefined;
    const transform: TransformContext = {
      ...this.#context(work), action: work.action, changes: {}, skip: (reason) => (vetoed = reason),
    };
    await callSeries(env.hooks.onBeforeTransform, mapping.name, transform);
    if (vetoed !== undefined) return void (work.outcome = 'skip');
    const synced = work.coupling?.syncedValues;
    const transferred = await transferFields({
      env, mapping, direction: this.#direction, fields: this.#fields, destinationTable: this.#destinationTable,
      source: work.source, ...(work.destination ? { destination: work.destination } : {}),
      synced: synced ? { source: synced[this.#from], destination: synced[this.#to] } : null,
      bothChanged, references, options: this.#options, missingOptions, context: transform,
    });
    Object.assign(transform.changes, transferred.changes);
    work.kept = transferred.kept;
    await callSeries(env.hooks.onAfterTransform, mapping.name, transform);
    if (vetoed !== undefined) return void (work.outcome = 'skip');

    if (transferred.conflicts.length > 0) {
      const fields = transferred.conflicts.map((c) => c.destinationField);
      const decision = await this.#updateConflict(work, fields);
      if (decision === 'skip') return void (work.outcome = 'skip');
      if (decision === 'fail') {
        throw new TandemError(
          ErrorCodes.UPDATE_CONFLICT,
          `update conflict: ${fields.map((f) => `"${f}"`).join(', ')} changed on both sides since the last synchronization ` +
            `(${this.#destinationTable.name} ${work.destination!.id}); set updateConflictResolution or decide in onUpdateConflict`,
          { errorClass: 'conflict' },
        );
      }
      const winner: Side = decision === 'takeBusiness' ? 'business' : 'integration';
      if (winner === this.#from) for (const c of transferred.conflicts) transform.changes[c.destinationField] = c.value;
      else work.kept.push(...fields);
    }
    work.changes = transform.changes;
    if (work.action === 'modify' && Object.keys(work.changes).length === 0) {
      work.outcome = 'unchanged';
      await callSeries(env.hooks.onUnchanged, mapping.name, this.#context(work));
      return;
    }
    if (work.action === 'insert') work.changes = await this.#applyTemplate(work, work.changes);

    const write: WriteContext = {
      ...this.#context(work), values: work.changes, skip: (reason) => (vetoed = reason),
    };
    await callSeries(work.action === 'insert' ? env.hooks.onBeforeInsert : env.hooks.onBeforeModify, mapping.name, write);
    if (vetoed !== undefined) return void (work.outcome = 'skip');
    work.changes = write.values;
    const ref = work.source.id;
    work.operation =
      work.action === 'insert'
        ? { kind: 'insert', ref, values: work.changes, ...(work.proposedId ? { id: work.proposedId } : {}) }
        : { kind: 'update', ref, id: work.destination!.id, values: work.changes, ...(work.destination!.etag ? { etag: work.destination!.etag } : {}) };
  }

  /**
   * Whether a row changed since its pair was last in step. A later stamp says so; an equal stamp does not prove the
   * opposite on a clock with whole-second resolution (Dataverse), where a user's edit can share the second of our own
   * write — so then the mapped values are compared with the ones last in step.
   */
  #changedSince(row: Row, side: Side, stamp: Date | null, coupling: Coupling): boolean {
    if (!stamp || row.modifiedOn.getTime() > stamp.getTime()) return true;
    if (row.modifiedOn.getTime() < stamp.getTime()) return false;
    const synced = coupling.syncedValues?.[side];
    if (!synced) return true;
    const current = mappedValues(this.#mapping, side, row.values);
    return Object.keys(current).some((field) => !valuesEqual(current[field], synced[field]));
  }

  async #deletionConflict(work: Work): Promise<DeletionConflictDecision> {
    const byResolution: Record<TableMapping['deletionConflictResolution'], DeletionConflictDecision> = {
      none: 'fail', restoreRecords: 'restore', removeCoupling: 'removeCoupling',
    };
    const decision =
      (await callBail(this.#env.hooks.onDeletionConflict, this.#mapping.name, { ...this.#context(work), coupling: work.coupling! })) ??
      byResolution[this.#mapping.deletionConflictResolution];
    if (decision === 'fail') {
      throw new TandemError(
        ErrorCodes.DELETION_CONFLICT,
        `the record cannot be updated because it is coupled to a deleted ${this.#destinationTable.name} row (${this.#counterpartId(work)}); ` +
          `set deletionConflictResolution or decide in onDeletionConflict`,
        { errorClass: 'conflict' },
      );
    }
    if (decision === 'skip') work.outcome = 'skip';
    if (decision === 'removeCoupling') {
      await this.#uncoupleHooks(work, 'onBeforeUncouple');
      work.outcome = 'uncouple';
      work.removeCoupling = true;
    }
    if (decision === 'restore') {
      // The coupling is kept and re-pointed at the row the insert makes.
      // Derived from the deleted row's id too, so a restore retried after a crash finds the row it made.
      const deleted = this.#counterpartId(work);
      if (!this.#destinationTable.idGenerated) {
        work.proposedId = deterministicId(this.#mapping.name, `${work.source.id}:restored:${deleted}`);
        // Rare path, one lookup: a restore that crashed before its coupling was written made this row already.
        const [made] = await this.#env.stores[this.#to].getByIds(this.#destinationTable.name, [work.proposedId]);
        if (made) Object.assign(work, { destination: made, newlyCoupled: true });
      }
    }
    return decision;
  }

  async #uncoupleHooks(work: Work, hook: 'onBeforeUncouple' | 'onAfterUncouple'): Promise<void> {
    let vetoed: string | undefined;
    const ids = { [this.#from]: work.source.id, [this.#to]: this.#counterpartId(work) ?? '' } as Record<Side, string>;
    await callSeries(this.#env.hooks[hook], this.#mapping.name, {
      mapping: this.#mapping, businessId: ids.business, integrationId: ids.integration, veto: (reason) => (vetoed = reason),
    });
    if (vetoed !== undefined) throw new TandemError(ErrorCodes.COUPLING_INVALID, `uncoupling was vetoed: ${vetoed}`);
  }

  async #updateConflict(work: Work, fields: string[]): Promise<UpdateConflictDecision> {
    const byResolution: Record<TableMapping['updateConflictResolution'], UpdateConflictDecision> = {
      none: 'fail', sendUpdateToIntegration: 'takeBusiness', getUpdateFromIntegration: 'takeIntegration',
    };
    const answer = await callBail(this.#env.hooks.onUpdateConflict, this.#mapping.name, {
      ...this.#context(work), destination: work.destination!, fields,
    });
    return answer ?? byResolution[this.#mapping.updateConflictResolution];
  }

  /** Template defaults for a new row: the first template by priority whose filter the source row meets. */
  async #applyTemplate(work: Work, changes: Record<string, unknown>): Promise<Record<string, unknown>> {
    const templates = [...this.#mapping.templates[this.#to]].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const chosen: Template | undefined = templates.find((t) => matchesFilter(work.source.values, t.filter));
    const context = { ...this.#context(work), template: chosen, values: changes };
    await callSeries(this.#env.hooks.onBeforeApplyTemplate, this.#mapping.name, context);
    context.values = { ...(context.template?.values ?? {}), ...changes };
    await callSeries(this.#env.hooks.onAfterApplyTemplate, this.#mapping.name, context);
    return context.values;
  }

  async #writeAndCommit(works: Work[], missingOptions: Omit<MissingOptionValue, 'id'>[], cursor: Cursor | undefined): Promise<RecordOutcome[]> {
    const env = this.#env;
    const store = env.stores[this.#to];
    const operations = works.filter((w) => w.operation && !w.error).map((w) => w.operation!);
    const table = this.#destinationTable.name;
    const applyResults = (results: WriteResult[]) => {
      const byRef = new Map(results.map((r) => [r.ref, r]));
      for (const work of works) {
        if (!work.operation || work.error) continue;
        const result = byRef.get(work.operation.ref);
        if (!result) work.error = new TandemError(ErrorCodes.WRITE_FAILED, `${store.name} returned no result for the write`);
        else if (!result.ok) work.error = result.error;
        else work.result = result;
      }
    };
    const afterWrite = async (transaction?: StateTransaction) => {
      for (const work of works) {
        if (!work.result) continue;
        const context: WriteContext = {
          ...this.#context(work), values: work.changes!, result: { id: work.result.id, modifiedOn: work.result.modifiedOn },
          ...(transaction ? { transaction } : {}), skip: () => undefined,
        };
        try {
          await callSeries(work.action === 'insert' ? env.hooks.onAfterInsert : env.hooks.onAfterModify, this.#mapping.name, context);
        } catch (error) {
          work.error = error as Error;
        }
      }
      for (const work of works) if (work.removeCoupling && !work.error) await this.#uncoupleHooks(work, 'onAfterUncouple').catch((e) => (work.error = e));
    };
    const commit = async (em: EntityManager) => env.state.writePage(em, await this.#pageState(works, missingOptions, cursor));
    // A store on the state database writes inside the page's transaction; any other store writes first, and its
    // creates carry deterministic ids, so a crash before the state commit is repaired by the next run.
    let joined = false;
    await env.state.transaction(async (transaction, em) => {
      joined = operations.length > 0 && !!store.joins?.(transaction);
      if (!joined) return;
      applyResults(await store.write(table, operations, { transaction }));
      await afterWrite(transaction);
      await commit(em);
    });
    if (!joined) {
      if (operations.length > 0) applyResults(await store.write(table, operations));
      await afterWrite();
      await env.state.transaction((_transaction, em) => commit(em));
    }
    const outcomes = works.map((w) => this.#outcome(w));
    await callSeries(env.hooks.onAfterCommit, this.#mapping.name, { mapping: this.#mapping, direction: this.#direction, job: this.#job, outcomes });
    return outcomes;
  }

  #outcome(work: Work): RecordOutcome {
    const destinationId = work.result?.id ?? work.destination?.id ?? this.#counterpartId(work) ?? undefined;
    return {
      sourceId: work.source.id,
      ...(destinationId ? { destinationId } : {}),
      action: work.outcome!,
      ...(work.error ? { error: work.error.message } : {}),
    };
  }

  /** Settles every record: its coupling, its error, its counter. */
  async #pageState(works: Work[], missingOptions: Omit<MissingOptionValue, 'id'>[], cursor: Cursor | undefined): Promise<PageState> {
    const job = this.#job;
    const page: PageState = { couplings: [], removedCouplings: [], errors: [], missingOptions, job, ...(cursor ? { cursor: { direction: this.#direction, cursor } } : {}) };
    const now = new Date();
    for (const work of works) {
      if (work.error) {
        work.outcome = 'fail';
        await this.#settleFailure(work, page, now);
      } else if (work.removeCoupling) {
        work.outcome = 'uncouple';
        if (work.coupling) page.removedCouplings.push(work.coupling.id);
      } else if (work.result) {
        work.outcome = work.action;
        page.couplings.push(this.#settleSuccess(work, now));
      } else if (work.outcome === 'unchanged' && work.changes) {
        // Compared and found equal: the pair is in step now, so its stamps move on (this is what stops echoes).
        page.couplings.push(this.#settleSuccess(work, now));
      }
      if (work.newlyCoupled && !work.error) job.coupled += 1;
      const counter = ({ insert: 'inserted', modify: 'modified', unchanged: 'unchanged', skip: 'skipped', fail: 'failed', uncouple: 'uncoupled' } as const)[
        work.outcome as 'insert' | 'modify' | 'unchanged' | 'skip' | 'fail' | 'uncouple'
      ];
      if (counter) job[counter] += 1;
    }
    return page;
  }

  #baseCoupling(work: Work, now: Date): Coupling {
    if (work.coupling) return { ...work.coupling };
    return {
      id: 0, mapping: this.#mapping.name, businessId: null, integrationId: null, businessModifiedOn: null, integrationModifiedOn: null,
      syncedValues: null, lastResultToIntegration: null, lastResultFromIntegration: null, lastJobId: null, failureCount: 0,
      lastError: null, skipped: false, createdAt: now, updatedAt: now,
      [couplingIdField(this.#from)]: work.source.id,
    };
  }

  #settleSuccess(work: Work, now: Date): Coupling {
    const coupling = this.#baseCoupling(work, now);
    const destinationId = work.result?.id ?? work.destination!.id;
    const destinationValues = { ...(work.destination?.values ?? {}), ...(work.changes ?? {}) };
    const destinationStamp = work.result?.modifiedOn ?? work.destination!.modifiedOn;
    coupling[couplingIdField(this.#to)] = destinationId;
    coupling[couplingIdField(this.#from)] = work.source.id;
    const fromStamp = this.#from === 'business' ? 'businessModifiedOn' : 'integrationModifiedOn';
    const toStamp = this.#to === 'business' ? 'businessModifiedOn' : 'integrationModifiedOn';
    coupling[fromStamp] = work.source.modifiedOn;
    const previous = coupling.syncedValues;
    const synced: SyncedValues = { business: {}, integration: {} };
    synced[this.#from] = mappedValues(this.#mapping, this.#from, work.source.values);
    synced[this.#to] = mappedValues(this.#mapping, this.#to, destinationValues);
    if (work.kept.length > 0) {
      // The destination has changes of its own that were not overwritten: leave its stamp and base values where they
      // were, and mark the reverse direction pending, so they flow back on the reverse pass.
      for (const field of work.kept) synced[this.#to][field] = previous?.[this.#to]?.[field] ?? null;
      coupling[this.#reverseResultField] = 'pending';
    } else {
      coupling[toStamp] = destinationStamp;
      if (coupling[this.#reverseResultField] === 'pending') coupling[this.#reverseResultField] = 'success';
    }
    coupling.syncedValues = synced;
    coupling[this.#resultField] = 'success';
    coupling.failureCount = 0;
    coupling.lastError = null;
    coupling.lastJobId = this.#job.id;
    return coupling;
  }

  async #settleFailure(work: Work, page: PageState, now: Date): Promise<void> {
    const error = work.error!;
    const errorClass = classifyError(error);
    let decision: RecordErrorDecision | undefined;
    try {
      decision = await callBail(this.#env.hooks.onRecordError, this.#mapping.name, { ...this.#context(work), error, errorClass });
    } catch (hookError) {
      work.error = hookError as Error;
    }
    const coupling = this.#baseCoupling(work, now);
    // A row that was written but then failed (e.g. in an after-hook) stays coupled, so the retry updates it.
    if (work.result) coupling[couplingIdField(this.#to)] = work.result.id;
    const message = storedErrorText(work.error!.message);
    const repeated = coupling[this.#resultField] === 'failure' && coupling.lastError === message;
    const countsTowardsSkip = errorClass !== 'throttled' && errorClass !== 'transient';
    coupling.skipped = decision === 'skip' || (decision !== 'retry' && countsTowardsSkip && repeated);
    coupling[this.#resultField] = 'failure';
    coupling.failureCount += 1;
    coupling.lastError = message;
    coupling.lastJobId = this.#job.id;
    page.couplings.push(coupling);
    const destinationId = work.result?.id ?? work.destination?.id ?? this.#counterpartId(work) ?? null;
    const record: Omit<SyncJobError, 'id'> = {
      jobId: this.#job.id, mapping: this.#mapping.name, sourceId: work.source.id, destinationId,
      message, stack: work.error!.stack ?? null, errorClass: classifyError(work.error), code: (work.error as { code?: string }).code ?? null,
      createdAt: now,
    };
    page.errors.push(record);
  }
}
