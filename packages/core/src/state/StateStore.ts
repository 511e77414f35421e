import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Cursor } from '../model/Cursor';
import type { Side, SyncDirection } from '../model/Direction';
import type { StateTransaction } from '../stores/TableStore';
import type { Coupling } from './Coupling';
import type { MappingState, StoredCursor } from './MappingState';
import type { MissingOptionValue, OptionMapping } from './OptionMapping';
import type { SyncJob } from './SyncJob';
import type { SyncJobError } from './SyncJobError';
import { chunks } from '../util/chunks';
import { storedErrorText, storedStackText } from '../errors/storedErrorText';

const ID_CHUNK = 900;


/** Everything one page leaves behind, written in one transaction. */
export interface PageState {
  couplings: Coupling[];
  removedCouplings: number[];
  errors: Omit<SyncJobError, 'id'>[];
  missingOptions: Omit<MissingOptionValue, 'id'>[];
  job: SyncJob;
  /** The new watermark, when the page moved it. */
  cursor?: { direction: SyncDirection; cursor: Cursor };
}

/** The column that holds a side's row id on a coupling. */
export function couplingIdField(side: Side): 'businessId' | 'integrationId' {
  return side === 'business' ? 'businessId' : 'integrationId';
}

export function toStoredCursor(cursor: Cursor): StoredCursor {
  return { modifiedOn: cursor.modifiedOn.toISOString(), id: cursor.id };
}

export function fromStoredCursor(stored: StoredCursor | null | undefined): Cursor | undefined {
  return stored ? { modifiedOn: new Date(stored.modifiedOn), id: stored.id } : undefined;
}

/**
 * Tandem's own tables (couplings, jobs, errors, watermarks, option mappings) in the state database, by default the
 * business database, so a business write and its coupling commit together. Reads are one query per page; a page's
 * state is written in one transaction that a business store on the same database joins.
 */
export class StateStore {
  readonly orm: MikroORM;

  constructor(orm: MikroORM) {
    this.orm = orm;
  }

  /** The couplings of a mapping whose `side` id is one of `ids` (one query per 900 ids). */
  async couplingsBy(mapping: string, side: Side, ids: readonly string[]): Promise<Map<string, Coupling>> {
    const field = couplingIdField(side);
    const result = new Map<string, Coupling>();
    const em = this.orm.em.fork();
    for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
      const found = await em.find<Coupling>('Coupling', { mapping, [field]: { $in: part } }, { disableIdentityMap: true });
      for (const coupling of found) result.set(coupling[field]!, coupling);
    }
    return result;
  }

  /** Couplings waiting to be retried in a direction: failed or pending, and not skipped. */
  async couplingsToRetry(mapping: string, direction: SyncDirection, limit: number): Promise<Coupling[]> {
    const result = direction === 'toIntegration' ? 'lastResultToIntegration' : 'lastResultFromIntegration';
    return this.orm.em.fork().find<Coupling>(
      'Coupling',
      { mapping, skipped: false, [result]: { $in: ['failure', 'pending'] } },
      { orderBy: { id: 'asc' }, limit, disableIdentityMap: true },
    );
  }

  async findCoupling(mapping: string, side: Side, id: string): Promise<Coupling | null> {
    return this.orm.em.fork().findOne<Coupling>('Coupling', { mapping, [couplingIdField(side)]: id }, { disableIdentityMap: true });
  }

  async listCouplings(mapping: string, filter: { skipped?: boolean } = {}): Promise<Coupling[]> {
    return this.orm.em.fork().find<Coupling>('Coupling', { mapping, ...filter }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  }

  async insertJob(job: SyncJob): Promise<void> {
    await this.orm.em.fork().insert('SyncJob', { ...job });
  }

  async finishJob(job: SyncJob): Promise<void> {
    const { id, ...rest } = job;
    await this.orm.em.fork().nativeUpdate('SyncJob', { id }, { ...rest, message: rest.message === null ? null : storedErrorText(rest.message) });
  }

  async jobs(mapping?: string): Promise<SyncJob[]> {
    return this.orm.em.fork().find<SyncJob>('SyncJob', mapping ? { mapping } : {}, { orderBy: { startedAt: 'asc' }, disableIdentityMap: true });
  }

  async jobErrors(jobId?: string): Promise<SyncJobError[]> {
    return this.orm.em.fork().find<SyncJobError>('SyncJobError', jobId ? { jobId } : {}, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  }

  async mappingState(mapping: string): Promise<MappingState | null> {
    return this.orm.em.fork().findOne<MappingState>('MappingState', { mapping }, { disableIdentityMap: true });
  }

  async saveMappingState(state: MappingState): Promise<void> {
    await this.orm.em.fork().upsert('MappingState', { ...state });
  }

  async optionMappings(optionSets: readonly string[]): Promise<OptionMapping[]> {
    if (optionSets.length === 0) return [];
    return this.orm.em.fork().find<OptionMapping>('OptionMapping', { optionSet: { $in: [...optionSets] } }, { disableIdentityMap: true });
  }

  async missingOptionValues(optionSet?: string): Promise<MissingOptionValue[]> {
    return this.orm.em.fork().find<MissingOptionValue>('MissingOptionValue', optionSet ? { optionSet } : {}, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  }

  /** Adds option mappings that are not there yet (by option set and business value); existing ones are kept. */
  async seedOptionMappings(entries: readonly Omit<OptionMapping, 'id'>[]): Promise<void> {
    if (entries.length === 0) return;
    const existing = await this.optionMappings([...new Set(entries.map((e) => e.optionSet))]);
    const have = new Set(existing.map((e) => `${e.optionSet}\u0000${e.businessValue}`));
    const missing = entries.filter((e) => !have.has(`${e.optionSet}\u0000${e.businessValue}`));
    if (missing.length > 0) await this.orm.em.fork().insertMany('OptionMapping', missing.map((e) => ({ ...e })));
  }

  /** Runs `work` in one transaction of the state database; a store on the same database can join it. */
  async transaction<T>(work: (transaction: StateTransaction, em: EntityManager) => Promise<T>): Promise<T> {
    const root = this.orm.em;
    return this.orm.em.fork().transactional((em) => {
      const transaction: StateTransaction = {
        join: <D>(database: D) => ((database as unknown) === root ? (em as unknown as D) : undefined),
      };
      return work(transaction, em);
    });
  }

  /** Writes a page's state: couplings, removed couplings, errors, missing option values, counters and watermark. */
  async writePage(em: EntityManager, page: PageState): Promise<void> {
    const now = new Date();
    const existing = page.couplings.filter((c) => c.id > 0);
    const added = page.couplings.filter((c) => !(c.id > 0));
    if (page.removedCouplings.length > 0) await em.nativeDelete('Coupling', { id: { $in: page.removedCouplings } });
    // Stored error texts are capped and never carry SQL statements (see storedErrorText).
    const lastError = (c: Coupling) => (c.lastError === null ? null : storedErrorText(c.lastError));
    for (const part of chunks(existing, 500)) await em.upsertMany('Coupling', part.map((c) => ({ ...c, lastError: lastError(c), updatedAt: now })), { batchSize: 500 });
    for (const part of chunks(added, 500)) {
      await em.insertMany('Coupling', part.map(({ id: _id, ...c }) => ({ ...c, lastError: lastError(c as Coupling), createdAt: now, updatedAt: now })));
    }
    const errors = page.errors.map((e) => ({ ...e, message: storedErrorText(e.message), stack: storedStackText(e.stack, e.message) }));
    if (errors.length > 0) await em.insertMany('SyncJobError', errors);
    for (const missing of page.missingOptions) {
      await em.upsert<MissingOptionValue>('MissingOptionValue', { ...missing }, {
        onConflictFields: ['optionSet', 'side', 'value', 'mapping', 'recordId'],
        onConflictMergeFields: ['lastSeenAt'],
      });
    }
    const { id, ...counters } = page.job;
    await em.nativeUpdate('SyncJob', { id }, { ...counters, message: counters.message === null ? null : storedErrorText(counters.message) });
    if (page.cursor) {
      const field = page.cursor.direction === 'toIntegration' ? 'toIntegrationCursor' : 'fromIntegrationCursor';
      await em.nativeUpdate('MappingState', { mapping: page.job.mapping }, { [field]: toStoredCursor(page.cursor.cursor), updatedAt: now });
    }
  }

}
