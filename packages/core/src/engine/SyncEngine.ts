import { callSeries } from '../hooks/callHooks';
import type { RecordOutcome } from '../hooks/SyncContexts';
import { EngineErrors } from '../errors/engineErrors';
import { classifyError } from '../errors/TandemError';
import { passesOf, sourceSide, type Side, type SyncDirection } from '../model/Direction';
import type { TableMapping } from '../model/TableMapping';
import { newCoupling, type Coupling } from '../state/Coupling';
import { couplingIdField } from '../state/StateStore';
import type { SyncJob } from '../state/SyncJob';
import type { SyncJobError } from '../state/SyncJobError';
import type { Row } from '../model/Row';
import { findMatches } from './MatchFinder';
import { OptionTranslator } from './OptionTranslator';
import { PagePipeline } from './PagePipeline';
import { planPass, planRecord } from './planPass';
import type { PassPlan, PlannedRecord } from './SyncPlan';
import { findMapping, type SyncEnvironment } from './SyncEnvironment';
import { runPass, withJob } from './SyncPass';

export { STOPPED_MESSAGE } from './SyncPass';
import { withMappingLease, type LeaseWaitOptions } from './withMappingLease';

/** Names one record of a mapping by its business id or its integration id. */
export type RecordRef = { businessId: string; integrationId?: undefined } | { integrationId: string; businessId?: undefined };

export interface RunOptions extends LeaseWaitOptions {
  /** Run only this direction (it must be one the mapping allows). */
  direction?: SyncDirection;
  /** Full sync: from the beginning, every record compared, uncoupled records created or matched. */
  full?: boolean;
  /** A stop request, checked between pages: the pass on its way finishes its page, its job says it was stopped, and
   *  the passes after it do not start. */
  signal?: AbortSignal;
}

/**
 * Runs mappings (BC's CRM Integration Table Synch. codeunit) and the manual operations: sync one record, couple,
 * uncouple, match, restore.
 */
export class SyncEngine {
  readonly #env: SyncEnvironment;

  constructor(env: SyncEnvironment) {
    this.#env = env;
  }

  /** Runs one mapping: `toIntegration` then `fromIntegration` for a bidirectional one. Returns a job per pass. */
  async run(name: string, options: RunOptions = {}): Promise<SyncJob[]> {
    const mapping = findMapping(this.#env, name);
    if (!mapping.enabled) throw EngineErrors.mappingDisabled(name);
    const passes = passesOf(mapping.direction);
    if (options.direction && !passes.includes(options.direction)) throw EngineErrors.directionNotConfigured(name, options.direction);
    return withMappingLease(this.#env, name, options, async (lease) => {
      const jobs: SyncJob[] = [];
      for (const direction of options.direction ? [options.direction] : passes) {
        if (options.signal?.aborted && jobs.length > 0) break;
        jobs.push(await runPass(this.#env, mapping, direction, { full: !!options.full, ...(options.signal ? { signal: options.signal } : {}), ...(lease ? { lease } : {}) }));
      }
      return jobs;
    });
  }

  /**
   * A dry run of `run`: the passes it would make, each with what it would insert, modify, couple, and which records
   * would fail or meet a conflict. Reads only: no lease, no job, no write on either side, no state (see planPass).
   */
  async dryRun(name: string, options: Pick<RunOptions, 'direction' | 'full'> = {}): Promise<PassPlan[]> {
    const mapping = findMapping(this.#env, name);
    if (!mapping.enabled) throw EngineErrors.mappingDisabled(name);
    const passes = passesOf(mapping.direction);
    if (options.direction && !passes.includes(options.direction)) throw EngineErrors.directionNotConfigured(name, options.direction);
    const plans: PassPlan[] = [];
    for (const direction of options.direction ? [options.direction] : passes) plans.push(await planPass(this.#env, mapping, direction, { full: !!options.full }));
    return plans;
  }

  /**
   * A dry run of `syncRecord` for a pair: what a sync in `direction` would write, from the business record to the
   * given integration record (or the coupled one, or the one a run would find) or back. Reads only. `undefined` when
   * the record would be passed over.
   */
  async dryRunRecord(name: string, pair: { businessId: string; integrationId?: string }, direction: SyncDirection): Promise<PlannedRecord | undefined> {
    const mapping = findMapping(this.#env, name);
    if (!passesOf(mapping.direction).includes(direction)) throw EngineErrors.directionNotConfigured(name, direction);
    const load = async (side: Side, id: string) => {
      const table = side === 'business' ? mapping.businessTable : mapping.integrationTable;
      const [row] = await this.#env.stores[side].getByIds(table, [id]);
      if (!row) throw EngineErrors.recordNotFound(table, id);
      return row;
    };
    const integrationId = pair.integrationId ?? (await this.#env.state.findCoupling(name, 'business', pair.businessId))?.integrationId ?? undefined;
    const business = await load('business', pair.businessId);
    const integration = integrationId ? await load('integration', integrationId) : undefined;
    if (direction === 'toIntegration') return planRecord(this.#env, mapping, direction, business, integration);
    if (!integration) throw EngineErrors.notCoupled('business', pair.businessId, name);
    return planRecord(this.#env, mapping, direction, integration, business);
  }

  /** Full synchronization of one mapping. */
  async fullSync(name: string, options: Omit<RunOptions, 'full'> = {}): Promise<SyncJob[]> {
    return this.run(name, { ...options, full: true });
  }

  /** Runs every enabled mapping, each after the mappings it depends on. */
  async runAll(options: Omit<RunOptions, 'direction'> = {}): Promise<SyncJob[]> {
    const jobs: SyncJob[] = [];
    for (const mapping of this.#env.mappings()) {
      if (options.signal?.aborted) break;
      if (mapping.enabled) jobs.push(...(await this.run(mapping.name, options)));
    }
    return jobs;
  }

  /** Synchronizes one record now, in the chosen direction, creating its counterpart when it has none. */
  async syncRecord(name: string, record: RecordRef, direction: SyncDirection, options: Pick<LeaseWaitOptions, 'lease'> = {}): Promise<RecordOutcome> {
    return withMappingLease(this.#env, name, options, () => this.#syncRecord(name, record, direction));
  }

  async #syncRecord(name: string, record: RecordRef, direction: SyncDirection): Promise<RecordOutcome> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    if (!passesOf(mapping.direction).includes(direction)) throw EngineErrors.directionNotConfigured(name, direction);
    const from = sourceSide(direction);
    const sourceId = await this.#idOn(mapping, record, from);
    const table = from === 'business' ? mapping.businessTable : mapping.integrationTable;
    const rows = await env.stores[from].getByIds(table, [sourceId]);
    if (rows.length === 0) throw EngineErrors.recordNotFound(table, sourceId);
    let outcome: RecordOutcome | undefined;
    await withJob(env, mapping, direction, 'synchronization', async (job) => {
      const pipeline = new PagePipeline(env, mapping, direction, job, await OptionTranslator.load(env.state, mapping.fields));
      [outcome] = await pipeline.process(rows, { force: true, allowCreate: true });
    });
    return outcome!;
  }

  /**
   * The mapping for a record of a table: the only mapping on that table, or — when several share it — the one an
   * `onResolveMapping` tap picks. Fails when none does.
   */
  async resolveMapping(side: Side, table: string, row?: Row): Promise<TableMapping> {
    const candidates = this.#env.mappings().filter((m) => (side === 'business' ? m.businessTable : m.integrationTable) === table);
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) throw EngineErrors.noMappingForTable(side, table);
    const picked = await this.#env.hooks.onResolveMapping.promise({ side, table, ...(row ? { row } : {}), candidates });
    const mapping = candidates.find((m) => m.name === picked);
    if (!mapping) throw EngineErrors.mappingNotResolved(side, table, candidates.map((m) => m.name), picked);
    return mapping;
  }

  /** Synchronizes one row of a table now, through the mapping `resolveMapping` picks for it. */
  async syncTableRecord(side: Side, table: string, id: string, direction: SyncDirection): Promise<RecordOutcome> {
    const [row] = await this.#env.stores[side].getByIds(table, [id]);
    if (!row) throw EngineErrors.recordNotFound(table, id);
    const mapping = await this.resolveMapping(side, table, row);
    return this.syncRecord(mapping.name, side === 'business' ? { businessId: id } : { integrationId: id }, direction);
  }

  /**
   * Couples two given records; with `syncDirection`, synchronizes them right after. Coupling itself moves no data. A
   * record still coupled to a row that no longer exists is coupled anew (the stale coupling is replaced, as in BC).
   */
  async couple(name: string, businessId: string, integrationId: string, options: { syncDirection?: SyncDirection } & Pick<LeaseWaitOptions, 'lease'> = {}): Promise<SyncJob> {
    return withMappingLease(this.#env, name, options, () => this.#couple(name, businessId, integrationId, options));
  }

  async #couple(name: string, businessId: string, integrationId: string, options: { syncDirection?: SyncDirection }): Promise<SyncJob> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    await this.#requireRow(mapping, 'business', businessId);
    await this.#requireRow(mapping, 'integration', integrationId);
    const byBusiness = await env.state.findCoupling(name, 'business', businessId);
    const byIntegration = await env.state.findCoupling(name, 'integration', integrationId);
    if (byBusiness && byBusiness.integrationId === integrationId) {
      // Already coupled to each other: nothing to write; still synchronize when asked.
      if (options.syncDirection) await this.#syncRecord(name, { businessId }, options.syncDirection);
      return (await env.state.jobs(name)).find((j) => j.id === byBusiness.lastJobId) ?? (await this.#emptyJob(mapping, 'coupling', null));
    }
    const replaced: Coupling[] = [];
    for (const [coupling, otherSide] of [[byBusiness, 'integration'], [byIntegration, 'business']] as const) {
      if (!coupling) continue;
      const other = coupling[couplingIdField(otherSide)];
      if (other && (await this.#exists(mapping, otherSide, other))) {
        const [side, id] = otherSide === 'integration' ? (['business', businessId] as const) : (['integration', integrationId] as const);
        throw EngineErrors.alreadyCoupled(side === 'business' ? mapping.businessTable : mapping.integrationTable, id, other);
      }
      replaced.push(coupling); // a half coupling, or one to a row that no longer exists
    }
    let vetoed: string | undefined;
    const context = { mapping, businessId, integrationId, veto: (reason: string) => (vetoed = reason) };
    const job = await withJob(env, mapping, 'toIntegration', 'coupling', async (job) => {
      await callSeries(env.hooks.onBeforeCouple, name, context);
      if (vetoed !== undefined) throw EngineErrors.couplingVetoed(vetoed);
      job.coupled += 1;
      const coupling = { ...newCoupling(name, { businessId, integrationId }, new Date()), lastJobId: job.id };
      await env.state.transaction((_transaction, em) =>
        env.state.writePage(em, { couplings: [coupling], removedCouplings: replaced.map((c) => c.id), errors: [], missingOptions: [], job }),
      );
      await callSeries(env.hooks.onAfterCouple, name, context);
    });
    if (options.syncDirection) await this.#syncRecord(name, { businessId }, options.syncDirection); // under this call's lease
    return job;
  }

  /**
   * Removes the coupling of one record. Uncoupling a record that is not coupled is a no-op: the job it returns
   * uncoupled nothing and its `message` says why.
   */
  async uncouple(name: string, record: RecordRef, options: Pick<LeaseWaitOptions, 'lease'> = {}): Promise<SyncJob> {
    return withMappingLease(this.#env, name, options, () => this.#uncouple(name, record));
  }

  async #uncouple(name: string, record: RecordRef): Promise<SyncJob> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    const side: Side = record.businessId !== undefined ? 'business' : 'integration';
    const id = (record.businessId ?? record.integrationId)!;
    const coupling = await env.state.findCoupling(name, side, id);
    if (!coupling) return this.#emptyJob(mapping, 'uncoupling', `${side} record ${id} is not coupled: nothing to uncouple`);
    let vetoed: string | undefined;
    const context = {
      mapping, businessId: coupling.businessId ?? '', integrationId: coupling.integrationId ?? '', veto: (reason: string) => (vetoed = reason),
    };
    return withJob(env, mapping, 'toIntegration', 'uncoupling', async (job) => {
      await callSeries(env.hooks.onBeforeUncouple, name, context);
      if (vetoed !== undefined) throw EngineErrors.uncouplingVetoed(vetoed);
      job.uncoupled += 1;
      await env.state.transaction((_transaction, em) =>
        env.state.writePage(em, { couplings: [], removedCouplings: [coupling.id], errors: [], missingOptions: [], job }),
      );
      await callSeries(env.hooks.onAfterUncouple, name, context);
    });
  }

  /**
   * Match-based coupling: couples every uncoupled business row to the one uncoupled integration row whose match fields
   * equal its own. With `createNew`, rows without a match get a new counterpart; otherwise they fail with a message.
   */
  async match(name: string, options: { createNew?: boolean } & Pick<LeaseWaitOptions, 'lease'> = {}): Promise<SyncJob> {
    return withMappingLease(this.#env, name, options, () => this.#match(name, options));
  }

  async #match(name: string, options: { createNew?: boolean }): Promise<SyncJob> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    if (!mapping.fields.some((f) => f.match && f.enabled !== false)) throw EngineErrors.noMatchFields(name);
    return withJob(env, mapping, 'toIntegration', 'coupling', async (job) => {
      const creator = new PagePipeline(env, { ...mapping, createNewOnNoMatch: true }, 'toIntegration', job, await OptionTranslator.load(env.state, mapping.fields));
      let after: { modifiedOn: Date; id: string } | undefined;
      for (;;) {
        const { rows } = await env.stores.business.readChanged(mapping.businessTable, {
          ...(after ? { after } : {}), ...(mapping.businessFilter ? { filter: mapping.businessFilter } : {}), limit: mapping.pageSize,
        });
        if (rows.length === 0) break;
        after = { modifiedOn: rows[rows.length - 1]!.modifiedOn, id: rows[rows.length - 1]!.id };
        const coupled = await env.state.couplingsBy(name, 'business', rows.map((r) => r.id));
        const open = rows.filter((r) => !coupled.get(r.id)?.integrationId);
        const matches = await findMatches(env, mapping, 'toIntegration', open, job.startedAt);
        const now = new Date();
        const couplings: Coupling[] = [];
        const errors: Omit<SyncJobError, 'id'>[] = [];
        const unmatched: Row[] = [];
        const pairs: { businessId: string; integrationId: string }[] = [];
        for (const row of open) {
          const match = matches.get(row.id)!;
          if (match.kind === 'match' && !couplings.some((c) => c.integrationId === match.row.id)) {
            const pair = { businessId: row.id, integrationId: match.row.id };
            const vetoed = await this.#beforeCouple(mapping, pair);
            if (vetoed) {
              job.failed += 1;
              errors.push(this.#jobError(job, row.id, match.row.id, vetoed, now));
              continue;
            }
            // A half coupling left by an earlier failure becomes the pair.
            const base = coupled.get(row.id) ?? newCoupling(name, {}, now);
            couplings.push({ ...base, ...pair, businessModifiedOn: null, integrationModifiedOn: null, syncedValues: null, lastJobId: job.id, updatedAt: now });
            pairs.push(pair);
            job.coupled += 1;
          } else if (match.kind === 'none' && options.createNew) {
            unmatched.push(row);
          } else {
            job.failed += 1;
            const error = match.kind === 'ambiguous' ? EngineErrors.ambiguousMatch(match.count, mapping.integrationTable, match.fields) : EngineErrors.noMatch(mapping.integrationTable);
            errors.push(this.#jobError(job, row.id, null, error, now));
          }
        }
        await env.state.transaction((_transaction, em) => env.state.writePage(em, { couplings, removedCouplings: [], errors, missingOptions: [], job }));
        for (const pair of pairs) await callSeries(env.hooks.onAfterCouple, name, { mapping, ...pair, veto: () => undefined });
        if (unmatched.length > 0) await creator.process(unmatched, { force: true, allowCreate: true });
        if (rows.length < mapping.pageSize) break;
      }
    });
  }

  /**
   * Un-parks skipped records (all of a mapping, or one) and forgets their last errors; they are retried first on the
   * next run. Returns how many.
   */
  async restore(name: string, record?: RecordRef): Promise<number> {
    const mapping = findMapping(this.#env, name);
    if (!record) return this.#env.state.restore(mapping.name);
    const side: Side = record.businessId !== undefined ? 'business' : 'integration';
    return this.#env.state.restore(mapping.name, { side, id: (record.businessId ?? record.integrationId)! });
  }

  /** `onBeforeCouple` for a pair `match` found; returns the veto as an error, if any. */
  async #beforeCouple(mapping: TableMapping, pair: { businessId: string; integrationId: string }): Promise<Error | undefined> {
    let vetoed: string | undefined;
    try {
      await callSeries(this.#env.hooks.onBeforeCouple, mapping.name, { mapping, ...pair, veto: (reason: string) => (vetoed = reason) });
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    return vetoed === undefined ? undefined : EngineErrors.couplingVetoed(vetoed);
  }

  #jobError(job: SyncJob, sourceId: string, destinationId: string | null, error: Error, now: Date): Omit<SyncJobError, 'id'> {
    const code = (error as { code?: string }).code ?? null;
    return { jobId: job.id, mapping: job.mapping, sourceId, destinationId, message: error.message, stack: null, errorClass: classifyError(error), code, createdAt: now };
  }

  async #idOn(mapping: TableMapping, record: RecordRef, side: Side): Promise<string> {
    const given: Side = record.businessId !== undefined ? 'business' : 'integration';
    const id = (record.businessId ?? record.integrationId)!;
    if (given === side) return id;
    const coupling = await this.#env.state.findCoupling(mapping.name, given, id);
    const counterpart = coupling?.[couplingIdField(side)];
    if (!counterpart) throw EngineErrors.notCoupled(given, id, mapping.name);
    return counterpart;
  }

  /** A job that did nothing, with a message saying why (when there is one to say). */
  async #emptyJob(mapping: TableMapping, type: 'coupling' | 'uncoupling', message: string | null): Promise<SyncJob> {
    return withJob(this.#env, mapping, 'toIntegration', type, async (job) => void (job.message = message));
  }

  async #exists(mapping: TableMapping, side: Side, id: string): Promise<boolean> {
    const table = side === 'business' ? mapping.businessTable : mapping.integrationTable;
    return (await this.#env.stores[side].getByIds(table, [id])).length > 0;
  }

  async #requireRow(mapping: TableMapping, side: Side, id: string): Promise<void> {
    if (!(await this.#exists(mapping, side, id))) throw EngineErrors.recordNotFound(side === 'business' ? mapping.businessTable : mapping.integrationTable, id);
  }
}
