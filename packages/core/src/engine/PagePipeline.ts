import type { PageState } from '../state/StateStore';
import { callSeries, isTapped } from '../hooks/callHooks';
import type { RecordOutcome, WriteContext } from '../hooks/SyncContexts';
import { EngineErrors } from '../errors/engineErrors';
import type { SyncDirection } from '../model/Direction';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import type { MissingOptionValue } from '../state/OptionMapping';
import type { SyncJob } from '../state/SyncJob';
import type { StateTransaction, WriteResult } from '../stores/TableStore';
import { CounterpartFinder } from './CounterpartFinder';
import type { OptionTranslator } from './OptionTranslator';
import { PageSettlement, type Settled } from './PageSettlement';
import { PassScope } from './PassScope';
import { decisionTaps, RecordDecider } from './RecordDecider';
import { ReferenceTranslator } from './ReferenceTranslator';
import { asError, isOpen, newWork, type PageOptions, type RecordWork } from './RecordWork';
import { stepwise, type Steps } from './stepwise';
import type { SyncEnvironment } from './SyncEnvironment';

export type { PageOptions } from './RecordWork';

/**
 * The `skip` / `veto` of after-hooks, which cannot stop anything any more: one function for every record (a
 * `skip: () => undefined` per context is a closure, and under tsx a `__name` call, per record).
 */
function ignore(): undefined {
  return undefined;
}

/** Records decided between two turns of the event loop (see `PagePipeline.decide`). */
const DECIDE_SLICE = 200;

/** A turn of the event loop: what I/O has answered meanwhile is taken first. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The rows' ids, always in a packed array (see `find`). */
function idsOf(rows: readonly Row[]): string[] {
  const ids: string[] = [];
  for (const row of rows) ids.push(row.id);
  return ids;
}

/** A page whose records have their counterparts (`PagePipeline.find`). */
export interface FoundPage {
  works: RecordWork[];
  options: PageOptions;
}

/** A page whose records are decided, ready to be written and committed (`PagePipeline.decide`). */
export interface DecidedPage extends FoundPage {
  missingOptions: Omit<MissingOptionValue, 'id'>[];
}

/** A page written to its destination, its outcomes settled (`PagePipeline.write`); `commitWritten` ends it. */
export interface WrittenPage {
  works: RecordWork[];
  settled: Settled[];
  /** The state the commit stores; none when the page changes nothing, or its write committed it already. */
  state?: PageState;
  /** The write ran in the state transaction, which committed the page (a store on the state database). */
  committed: boolean;
}

/**
 * The page state with a copy of the job's counters as they are now: the pass counts on while the page waits for
 * its commit (the next page may be settled first, with overlapping pages).
 */
function withJobSnapshot(page: PageState): PageState {
  return { ...page, job: { ...page.job } };
}

/**
 * Runs the records of one page through the pipeline of DESIGN §3: couplings and destination rows are loaded with one
 * query each (`CounterpartFinder`), the record is the unit of decisions and hooks (`RecordDecider`), the destination
 * write is one batch, and the page's couplings, errors, counters and watermark commit in one transaction
 * (`PageSettlement`), which a business store joins.
 */
export class PagePipeline {
  readonly #scope: PassScope;
  readonly #finder: CounterpartFinder;
  readonly #decider: RecordDecider;
  readonly #settlement: PageSettlement;
  /**
   * The job row as the last page written will leave it once committed (its counters), so a page that changes nothing
   * writes nothing.
   */
  #storedJob: string | undefined;
  /**
   * Whether the destination store joins the state transaction, once a page asked (a store is on the state database
   * or not, for the whole pass): a store that does not join is not asked again, so its later pages open no state
   * transaction for the question alone.
   */
  #storeJoins: boolean | undefined;

  constructor(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, job: SyncJob, options: OptionTranslator) {
    this.#scope = new PassScope(env, mapping, direction, job, options);
    this.#finder = new CounterpartFinder(this.#scope);
    this.#decider = new RecordDecider(this.#scope);
    this.#settlement = new PageSettlement(this.#scope);
  }

  /** One page from start to end: found, decided, written and committed. */
  async process(rows: readonly Row[], options: PageOptions): Promise<RecordOutcome[]> {
    return this.commit(await this.decide(await this.find(rows, options)));
  }

  /**
   * The page's couplings, post-filter and counterparts (coupled rows, hooks, matches, crashed creates): every read
   * a page needs from the destination. A counterpart found now is claimed for the pass until this page commits, so
   * a page decided meanwhile does not take it too (`PassScope.claims`).
   */
  async find(rows: readonly Row[], options: PageOptions): Promise<FoundPage> {
    const { env, mapping, from } = this.#scope;
    if (rows.length === 0) return { works: [], options };
    const couplings = await env.state.couplingsBy(mapping.name, from, idsOf(rows));
    // Pushed, not `rows.map(…)`: V8's optimized `map` makes a holey array, its builtin a packed one, so a page's
    // works would have either kind and every function that loops over them would be compiled again for the other.
    const works: RecordWork[] = [];
    for (const source of rows) works.push(newWork(source, couplings.get(source.id)));
    const admitted = this.#decider.admit(works, options);
    if (admitted) await admitted;
    this.#decider.passUnchanged(works, options);
    await this.#finder.find(works.filter(isOpen));
    for (const work of works) {
      if (work.newlyCoupled && work.destination && !work.error) this.#scope.claims.set(work.destination.id, work.source.id);
    }
    return { works, options };
  }

  /** References translated and each open record decided: its operation (or its halt) is known. */
  async decide(found: FoundPage): Promise<DecidedPage> {
    const { env, mapping, direction } = this.#scope;
    const { works, options } = found;
    const open = works.filter(isOpen);
    const missingOptions: Omit<MissingOptionValue, 'id'>[] = [];
    if (open.length === 0) return { works, options, missingOptions };
    const references = await ReferenceTranslator.forPage(env, mapping, direction, this.#scope.fields.map((f) => f.field), open.map((w) => w.source));
    const inputs = { references, missingOptions, taps: decisionTaps(this.#scope) };
    for (let at = 0; at < open.length; at++) {
      // The event loop gets a turn now and then: with overlapping pages the page before is being written meanwhile,
      // and its statements go on only when their answers are taken (SQLite answers on another thread).
      if (at > 0 && at % DECIDE_SLICE === 0) await nextTurn();
      // Awaited only when a tap returned a promise: a record decided synchronously costs no microtask.
      const decided = this.#decider.decide(open[at]!, options, inputs);
      if (decided) await decided;
    }
    return { works, options, missingOptions };
  }

  /** The page's write, after-write hooks and state commit; its claims end with it, committed or not. */
  async commit(decided: DecidedPage): Promise<RecordOutcome[]> {
    return this.commitWritten(await this.write(decided));
  }

  /**
   * The page's write, its after-write hooks and its settlement: what the state commit will store. A store on the
   * state database writes inside the page's transaction, which commits the page too (`WrittenPage.committed`); any
   * other store writes first, and its creates carry deterministic ids, so a crash (or a failed commit) before the
   * state commit is repaired by the next run. The claims of a page whose write fails end here.
   */
  async write(decided: DecidedPage): Promise<WrittenPage> {
    const { works, options, missingOptions } = decided;
    this.#claimCreated(works);
    try {
      // No rows, only a watermark to move (the stream's end, read after a page of re-reads): commit just that.
      if (works.length === 0) {
        const { page } = await this.#settlement.settle([], [], options);
        this.#storedJob = JSON.stringify(page.job);
        return { works, settled: [], state: withJobSnapshot(page), committed: false };
      }
      return await this.#write(works, missingOptions, options);
    } catch (error) {
      this.#releaseClaims(works);
      throw error;
    }
  }

  /** The state commit of a written page (unless its write committed it), then `onAfterCouple` and `onAfterCommit`. */
  async commitWritten(written: WrittenPage): Promise<RecordOutcome[]> {
    const { env, mapping, direction, job } = this.#scope;
    try {
      const { state } = written;
      if (state) await env.state.transaction((_transaction, em) => env.state.writePage(em, state));
      // A page without rows only moved the watermark: nothing to announce.
      if (written.works.length === 0) return [];
      const outcomes = written.settled.map((s) => s.outcome);
      await this.#afterCouple(written.settled);
      await callSeries(env.hooks.onAfterCommit, mapping.name, { mapping, direction, job, outcomes });
      return outcomes;
    } finally {
      this.#releaseClaims(written.works);
    }
  }

  /** The claims a page took end with its commit, committed or not. */
  #releaseClaims(works: readonly RecordWork[]): void {
    const { claims } = this.#scope;
    const release = (id: string | undefined, work: RecordWork) => {
      if (id !== undefined && claims.get(id) === work.source.id) claims.delete(id);
    };
    for (const work of works) {
      if (work.newlyCoupled) release(work.destination?.id, work);
      if (work.operation?.kind === 'insert') {
        release(work.operation.id, work);
        release(work.result?.id, work);
      }
    }
  }

  /**
   * The rows this page creates are taken for the pass until it commits, as a found row is: with overlapping pages a
   * later page is found while this one writes and commits, when a new row exists but its coupling is not stored yet,
   * and a match lookup (whose created-before bound has a margin) must not take it. Ids known before the write (the
   * deterministic ones) are claimed before it, the others once the store answered.
   */
  #claimCreated(works: readonly RecordWork[]): void {
    for (const work of works) {
      const id = work.operation?.kind === 'insert' && !work.error ? (work.result?.id ?? work.operation.id) : undefined;
      if (id !== undefined && !this.#scope.claims.has(id)) this.#scope.claims.set(id, work.source.id);
    }
  }

  async #write(works: RecordWork[], missingOptions: Omit<MissingOptionValue, 'id'>[], options: PageOptions): Promise<WrittenPage> {
    const { env, to, destinationTable } = this.#scope;
    const store = env.stores[to];
    const operations = works.filter((w) => w.operation && !w.error).map((w) => w.operation!);
    let committed: WrittenPage | undefined;
    // A page with nothing to write (an overlap re-read, echoes) opens no transaction for the write: only the commit.
    this.#storeJoins ??= store.joins ? undefined : false;
    if (operations.length > 0 && this.#storeJoins !== false) await env.state.transaction(async (transaction, em) => {
      this.#storeJoins = !!store.joins?.(transaction);
      if (!this.#storeJoins) return;
      this.#applyResults(works, await store.write(destinationTable.name, operations, { transaction }), store.name);
      this.#claimCreated(works);
      const afterWrite = this.#afterWrite(works, transaction);
      if (afterWrite) await afterWrite;
      const { page, settled } = await this.#settlement.settle(works, missingOptions, options);
      await env.state.writePage(em, page);
      committed = { works, settled, committed: true };
    });
    if (committed) {
      this.#storedJob = JSON.stringify(this.#scope.job);
      return committed;
    }
    if (operations.length > 0) {
      this.#applyResults(works, await store.write(destinationTable.name, operations), store.name);
      this.#claimCreated(works);
    }
    const afterWrite = this.#afterWrite(works);
    if (afterWrite) await afterWrite;
    const { page, settled } = await this.#settlement.settle(works, missingOptions, options);
    // A page that changes no state (every row an unchanged overlap re-read, counters as last stored) commits nothing.
    if (!this.#changesState(page)) return { works, settled, committed: false };
    this.#storedJob = JSON.stringify(page.job);
    return { works, settled, state: withJobSnapshot(page), committed: false };
  }

  /** Whether writing this page's state would change anything in the state database. */
  #changesState(page: PageState): boolean {
    return page.couplings.length > 0 || page.removedCouplings.length > 0 || page.errors.length > 0 || page.missingOptions.length > 0
      || !!page.cursor || JSON.stringify(page.job) !== this.#storedJob;
  }

  #applyResults(works: RecordWork[], results: WriteResult[], storeName: string): void {
    const byRef = new Map(results.map((r) => [r.ref, r]));
    for (const work of works) {
      if (!work.operation || work.error) continue;
      const result = byRef.get(work.operation.ref);
      if (!result) work.error = EngineErrors.noWriteResult(storeName);
      else if (!result.ok) work.error = result.error;
      else work.result = result;
    }
  }

  /** After-write hooks; a tap that throws fails its record, which stays coupled to the row that was written. */
  #afterWrite(works: RecordWork[], transaction?: StateTransaction): void | Promise<void> {
    const { env, mapping } = this.#scope;
    const tapped = isTapped(env.hooks.onAfterInsert, mapping.name) || isTapped(env.hooks.onAfterModify, mapping.name)
      || isTapped(env.hooks.onAfterUncouple, mapping.name);
    if (!tapped) return;
    return stepwise(this.#afterWriteSteps(works, transaction));
  }

  *#afterWriteSteps(works: RecordWork[], transaction?: StateTransaction): Steps<void> {
    const { env, mapping } = this.#scope;
    const insertTapped = isTapped(env.hooks.onAfterInsert, mapping.name);
    const modifyTapped = isTapped(env.hooks.onAfterModify, mapping.name);
    for (let at = 0; at < works.length; at++) {
      const work = works[at]!;
      if (!work.result || work.error || !(work.action === 'insert' ? insertTapped : modifyTapped)) continue;
      // Keys in the order they always had: `transaction` (when there is one) before `skip`.
      const context = this.#scope.context(work, {
        values: work.changes!, result: { id: work.result.id, modifiedOn: work.result.modifiedOn },
      }) as WriteContext;
      if (transaction) context.transaction = transaction;
      context.skip = ignore;
      try {
        yield callSeries(work.action === 'insert' ? env.hooks.onAfterInsert : env.hooks.onAfterModify, mapping.name, context);
      } catch (error) {
        work.error = asError(error);
      }
    }
    for (const work of works) {
      if (work.halt !== 'uncouple' || work.error) continue;
      try {
        const { businessId, integrationId } = this.#scope.pairIds(work.source.id, this.#scope.counterpartId(work) ?? '');
        yield callSeries(env.hooks.onAfterUncouple, mapping.name, { mapping, businessId, integrationId, veto: ignore });
      } catch (error) {
        work.error = asError(error);
      }
    }
  }

  /** Every pair this page made (found, matched, inserted, recovered) is announced once its state is committed. */
  async #afterCouple(settled: Settled[]): Promise<void> {
    const { env, mapping } = this.#scope;
    if (!isTapped(env.hooks.onAfterCouple, mapping.name)) return;
    for (const { newPair } of settled) {
      if (!newPair) continue;
      const announced = callSeries(env.hooks.onAfterCouple, mapping.name, { mapping, businessId: newPair.businessId, integrationId: newPair.integrationId, veto: ignore });
      if (announced) await announced;
    }
  }
}
