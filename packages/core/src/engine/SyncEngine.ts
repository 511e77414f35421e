import { callSeries } from '../hooks/callHooks';
import type { RecordOutcome } from '../hooks/SyncContexts';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import { passesOf, sourceSide, type Side, type SyncDirection } from '../model/Direction';
import type { TableMapping } from '../model/TableMapping';
import type { Coupling } from '../state/Coupling';
import { couplingIdField } from '../state/StateStore';
import type { SyncJob } from '../state/SyncJob';
import type { SyncJobError } from '../state/SyncJobError';
import type { Row } from '../model/Row';
import { findMatches } from './MatchFinder';
import { OptionTranslator } from './OptionTranslator';
import { PagePipeline } from './PagePipeline';
import { findMapping, type SyncEnvironment } from './SyncEnvironment';
import { runPass, withJob } from './SyncPass';
import { withMappingLease, type LeaseWaitOptions } from './withMappingLease';

/** Names one record of a mapping by its business id or its integration id. */
export type RecordRef = { businessId: string; integrationId?: undefined } | { integrationId: string; businessId?: undefined };

export interface RunOptions extends LeaseWaitOptions {
  /** Run only this direction (it must be one the mapping allows). */
  direction?: SyncDirection;
  /** Full sync: from the beginning, every record compared, uncoupled records created or matched. */
  full?: boolean;
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
    const passes = passesOf(mapping.direction);
    if (options.direction && !passes.includes(options.direction)) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, `mapping "${name}" is not configured for ${options.direction} synchronization`);
    }
    return withMappingLease(this.#env, name, options, async () => {
      const jobs: SyncJob[] = [];
      for (const direction of options.direction ? [options.direction] : passes) {
        jobs.push(await runPass(this.#env, mapping, direction, { full: !!options.full }));
      }
      return jobs;
    });
  }

  /** Full synchronization of one mapping. */
  async fullSync(name: string, options: Omit<RunOptions, 'full'> = {}): Promise<SyncJob[]> {
    return this.run(name, { ...options, full: true });
  }

  /** Runs every mapping, each after the mappings it depends on. */
  async runAll(options: Omit<RunOptions, 'direction'> = {}): Promise<SyncJob[]> {
    const jobs: SyncJob[] = [];
    for (const mapping of this.#env.mappings()) jobs.push(...(await this.run(mapping.name, options)));
    return jobs;
  }

  /** Synchronizes one record now, in the chosen direction, creating its counterpart when it has none. */
  async syncRecord(name: string, record: RecordRef, direction: SyncDirection): Promise<RecordOutcome> {
    return withMappingLease(this.#env, name, {}, () => this.#syncRecord(name, record, direction));
  }

  async #syncRecord(name: string, record: RecordRef, direction: SyncDirection): Promise<RecordOutcome> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    if (!passesOf(mapping.direction).includes(direction)) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, `mapping "${name}" is not configured for ${direction} synchronization`);
    }
    const from = sourceSide(direction);
    const sourceId = await this.#idOn(mapping, record, from);
    const table = from === 'business' ? mapping.businessTable : mapping.integrationTable;
    const rows = await env.stores[from].getByIds(table, [sourceId]);
    if (rows.length === 0) throw new TandemError(ErrorCodes.RECORD_NOT_FOUND, `${table} ${sourceId} does not exist`);
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
    if (candidates.length === 0) throw new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `no mapping uses ${side} table "${table}"`);
    const picked = await this.#env.hooks.onResolveMapping.promise({ side, table, ...(row ? { row } : {}), candidates });
    const mapping = candidates.find((m) => m.name === picked);
    if (!mapping) {
      throw new TandemError(
        ErrorCodes.MAPPING_NOT_FOUND,
        `${candidates.length} mappings use ${side} table "${table}" (${candidates.map((m) => m.name).join(', ')}); tap onResolveMapping to pick one` +
          (picked ? ` — "${picked}" is not among them` : ''),
      );
    }
    return mapping;
  }

  /** Synchronizes one row of a table now, through the mapping `resolveMapping` picks for it. */
  async syncTableRecord(side: Side, table: string, id: string, direction: SyncDirection): Promise<RecordOutcome> {
    const [row] = await this.#env.stores[side].getByIds(table, [id]);
    if (!row) throw new TandemError(ErrorCodes.RECORD_NOT_FOUND, `${table} ${id} does not exist`);
    const mapping = await this.resolveMapping(side, table, row);
    return this.syncRecord(mapping.name, side === 'business' ? { businessId: id } : { integrationId: id }, direction);
  }

  /** Couples two given records; with `syncDirection`, synchronizes them right after. Coupling itself moves no data. */
  async couple(name: string, businessId: string, integrationId: string, options: { syncDirection?: SyncDirection } = {}): Promise<SyncJob> {
    return withMappingLease(this.#env, name, {}, () => this.#couple(name, businessId, integrationId, options));
  }

  async #couple(name: string, businessId: string, integrationId: string, options: { syncDirection?: SyncDirection }): Promise<SyncJob> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    await this.#requireRow(mapping, 'business', businessId);
    await this.#requireRow(mapping, 'integration', integrationId);
    const byBusiness = await env.state.findCoupling(name, 'business', businessId);
    const byIntegration = await env.state.findCoupling(name, 'integration', integrationId);
    if (byBusiness?.integrationId && byBusiness.integrationId !== integrationId) {
      throw new TandemError(ErrorCodes.COUPLING_INVALID, `cannot couple: ${mapping.businessTable} ${businessId} is already coupled to ${byBusiness.integrationId}`);
    }
    if (byIntegration?.businessId && byIntegration.businessId !== businessId) {
      throw new TandemError(ErrorCodes.COUPLING_INVALID, `cannot couple: ${mapping.integrationTable} ${integrationId} is already coupled to ${byIntegration.businessId}`);
    }
    if (byBusiness && byBusiness.integrationId === integrationId) {
      // Already coupled to each other: nothing to write; still synchronize when asked.
      if (options.syncDirection) await this.syncRecord(name, { businessId }, options.syncDirection);
      return (await env.state.jobs(name)).find((j) => j.id === byBusiness.lastJobId) ?? (await this.#emptyJob(mapping, 'coupling'));
    }
    let vetoed: string | undefined;
    const context = { mapping, businessId, integrationId, veto: (reason: string) => (vetoed = reason) };
    const job = await withJob(env, mapping, 'toIntegration', 'coupling', async (job) => {
      await callSeries(env.hooks.onBeforeCouple, name, context);
      if (vetoed !== undefined) throw new TandemError(ErrorCodes.COUPLING_INVALID, `coupling was vetoed: ${vetoed}`);
      const now = new Date();
      const stale = [byBusiness, byIntegration].filter((c): c is Coupling => !!c && !(c.businessId && c.integrationId));
      await env.state.transaction(async (_transaction, em) => {
        job.coupled += 1;
        await env.state.writePage(em, {
          couplings: [{
            id: 0, mapping: name, businessId, integrationId, businessModifiedOn: null, integrationModifiedOn: null, syncedValues: null,
            lastResultToIntegration: null, lastResultFromIntegration: null, lastJobId: job.id, failureCount: 0, lastError: null,
            skipped: false, createdAt: now, updatedAt: now,
          }],
          removedCouplings: stale.map((c) => c.id), errors: [], missingOptions: [], job,
        });
      });
      await callSeries(env.hooks.onAfterCouple, name, context);
    });
    if (options.syncDirection) await this.syncRecord(name, { businessId }, options.syncDirection);
    return job;
  }

  /** Removes the coupling of one record. */
  async uncouple(name: string, record: RecordRef): Promise<SyncJob> {
    return withMappingLease(this.#env, name, {}, () => this.#uncouple(name, record));
  }

  async #uncouple(name: string, record: RecordRef): Promise<SyncJob> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    const side: Side = record.businessId !== undefined ? 'business' : 'integration';
    const id = (record.businessId ?? record.integrationId)!;
    const coupling = await env.state.findCoupling(name, side, id);
    if (!coupling) throw new TandemError(ErrorCodes.COUPLING_INVALID, `${side} record ${id} of mapping "${name}" is not coupled`);
    let vetoed: string | undefined;
    const context = {
      mapping, businessId: coupling.businessId ?? '', integrationId: coupling.integrationId ?? '', veto: (reason: string) => (vetoed = reason),
    };
    return withJob(env, mapping, 'toIntegration', 'uncoupling', async (job) => {
      await callSeries(env.hooks.onBeforeUncouple, name, context);
      if (vetoed !== undefined) throw new TandemError(ErrorCodes.COUPLING_INVALID, `uncoupling was vetoed: ${vetoed}`);
      await env.state.transaction(async (_transaction, em) => {
        job.uncoupled += 1;
        await env.state.writePage(em, { couplings: [], removedCouplings: [coupling.id], errors: [], missingOptions: [], job });
      });
      await callSeries(env.hooks.onAfterUncouple, name, context);
    });
  }

  /**
   * Match-based coupling: couples every uncoupled business row to the one uncoupled integration row whose match fields
   * equal its own. With `createNew`, rows without a match get a new counterpart; otherwise they fail with a message.
   */
  async match(name: string, options: { createNew?: boolean } = {}): Promise<SyncJob> {
    return withMappingLease(this.#env, name, {}, () => this.#match(name, options));
  }

  async #match(name: string, options: { createNew?: boolean }): Promise<SyncJob> {
    const env = this.#env;
    const mapping = findMapping(env, name);
    if (!mapping.fields.some((f) => f.match && f.enabled !== false)) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, `mapping "${name}" has no match fields; set "match" on the field mappings to couple by`);
    }
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
        const matches = await findMatches(env, mapping, 'toIntegration', open);
        const now = new Date();
        const couplings: Coupling[] = [];
        const errors: Omit<SyncJobError, 'id'>[] = [];
        const unmatched: Row[] = [];
        for (const row of open) {
          const match = matches.get(row.id)!;
          if (match.kind === 'match' && !couplings.some((c) => c.integrationId === match.row.id)) {
            const existing = coupled.get(row.id);
            couplings.push({
              ...(existing ?? { id: 0, createdAt: now, lastResultToIntegration: null, lastResultFromIntegration: null, failureCount: 0, lastError: null, skipped: false }),
              mapping: name, businessId: row.id, integrationId: match.row.id, businessModifiedOn: null, integrationModifiedOn: null,
              syncedValues: null, lastJobId: job.id, updatedAt: now,
            } as Coupling);
            job.coupled += 1;
          } else if (match.kind === 'none' && options.createNew) {
            unmatched.push(row);
          } else {
            job.failed += 1;
            const message = match.kind === 'ambiguous'
              ? `${match.count} ${mapping.integrationTable} rows match on ${match.fields.join(', ')}`
              : `no unique uncoupled ${mapping.integrationTable} row matches`;
            const code = match.kind === 'ambiguous' ? ErrorCodes.AMBIGUOUS_MATCH : ErrorCodes.NO_MATCH;
            errors.push({ jobId: job.id, mapping: name, sourceId: row.id, destinationId: null, message, stack: null, errorClass: 'validation' as const, code, createdAt: now });
          }
        }
        await env.state.transaction((_transaction, em) => env.state.writePage(em, { couplings, removedCouplings: [], errors, missingOptions: [], job }));
        if (unmatched.length > 0) await creator.process(unmatched, { force: true, allowCreate: true });
        if (rows.length < mapping.pageSize) break;
      }
    });
  }

  /** Un-skips parked records (all of a mapping, or one); they are retried first on the next run. Returns how many. */
  async restore(name: string, record?: RecordRef): Promise<number> {
    const mapping = findMapping(this.#env, name);
    const where: Record<string, unknown> = { mapping: mapping.name, skipped: true };
    if (record) where[couplingIdField(record.businessId !== undefined ? 'business' : 'integration')] = record.businessId ?? record.integrationId;
    return this.#env.state.orm.em.fork().nativeUpdate('Coupling', where, { skipped: false, failureCount: 0, updatedAt: new Date() });
  }

  async #idOn(mapping: TableMapping, record: RecordRef, side: Side): Promise<string> {
    const given: Side = record.businessId !== undefined ? 'business' : 'integration';
    const id = (record.businessId ?? record.integrationId)!;
    if (given === side) return id;
    const coupling = await this.#env.state.findCoupling(mapping.name, given, id);
    const counterpart = coupling?.[couplingIdField(side)];
    if (!counterpart) throw new TandemError(ErrorCodes.COUPLING_INVALID, `${given} record ${id} of mapping "${mapping.name}" is not coupled`);
    return counterpart;
  }

  async #emptyJob(mapping: TableMapping, type: 'coupling'): Promise<SyncJob> {
    return withJob(this.#env, mapping, 'toIntegration', type, async () => undefined);
  }

  async #requireRow(mapping: TableMapping, side: Side, id: string): Promise<void> {
    const table = side === 'business' ? mapping.businessTable : mapping.integrationTable;
    const rows = await this.#env.stores[side].getByIds(table, [id]);
    if (rows.length === 0) throw new TandemError(ErrorCodes.RECORD_NOT_FOUND, `${table} ${id} does not exist`);
  }
}
