import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Cursor } from '../model/Cursor';
import type { Side, SyncDirection } from '../model/Direction';
import type { StateTransaction } from '../stores/TableStore';
import { newCoupling, type Coupling } from './Coupling';
import { cursorColumns, type MappingState, type StoredCursor } from './MappingState';
import type { MissingOptionValue, OptionMapping, RemovedOptionDefault } from './OptionMapping';
import type { ScheduleEntry } from './ScheduleEntry';
import type { SyncJob } from './SyncJob';
import type { SyncJobError } from './SyncJobError';
import { chunks } from '../util/chunks';
import { placeholders } from '../util/placeholders';
import { batchInsert, batchInsertRows } from './batchInsert';
import { writeMissingOptions } from './missingOptionRegister';
import { couplingColumn, readCouplings, retryRead } from './readCouplings';
import { StoredMergeBases } from './StoredMergeBases';
import type { TableMapping } from '../model/TableMapping';
import { storedErrorText, storedStackText } from '../errors/storedErrorText';
import { inTransaction } from './inTransaction';
import { jsonTextList } from './jsonTextList';
import { stateDriver } from './stateQuery';

const ID_CHUNK = 900;

/** The columns of a coupling's row as the page write stores it (`writePage`), in its order. */
const COUPLING_COLUMNS: readonly string[] = [
  'mapping', 'businessId', 'integrationId', 'businessModifiedOn', 'integrationModifiedOn', 'mergeBase', 'syncedValues',
  'lastResultToIntegration', 'lastResultFromIntegration', 'lastJobId', 'failureCountToIntegration', 'failureCountFromIntegration',
  'lastErrorToIntegration', 'lastErrorFromIntegration', 'skipped', 'createdAt', 'updatedAt',
];
const EXISTING_COUPLING_COLUMNS: readonly string[] = ['id', ...COUPLING_COLUMNS];
/** What a page's write of an existing coupling overwrites: all but its id and created-on. */
const CHANGED_COUPLING_COLUMNS: readonly string[] = COUPLING_COLUMNS.filter((name) => name !== 'createdAt');

/** Everything one page leaves behind, written in one transaction. */
export interface PageState {
  couplings: Coupling[];
  removedCouplings: number[];
  errors: Omit<SyncJobError, 'id'>[];
  missingOptions: Omit<MissingOptionValue, 'id'>[];
  job: SyncJob;
  /**
   * The new watermark, when the page moved it; `fullSync`: the page belongs to a full sync, whose progress moves too;
   * `seenThrough`: how far the reads are sure to be complete (`ReadHorizon`), where the next pass starts.
   */
  cursor?: { direction: SyncDirection; cursor: Cursor; fullSync?: boolean; seenThrough?: Cursor };
}

/** The column that holds a side's row id on a coupling. */
export function couplingIdField(side: Side): 'businessId' | 'integrationId' {
  return side === 'business' ? 'businessId' : 'integrationId';
}

export function toStoredCursor(cursor: Cursor): StoredCursor {
  return { modifiedOn: cursor.modifiedOn.toISOString(), id: cursor.id };
}

function toStoredWatermark(cursor: Cursor, seenThrough: Cursor | undefined): StoredCursor {
  return { ...toStoredCursor(cursor), ...(seenThrough ? { seenThrough: toStoredCursor(seenThrough) } : {}) };
}

export function fromStoredCursor(stored: StoredCursor | null | undefined): Cursor | undefined {
  return stored ? { modifiedOn: new Date(stored.modifiedOn), id: stored.id } : undefined;
}

/**
 * Tandem's own tables (couplings, jobs, errors, watermarks, option mappings) in the state database, by default the
 * business database, so a business write and its coupling commit together. Reads are one query per page; a page's
 * state is written in one transaction that a business store on the same database joins.
 *
 * `host.state` is this object. Its read API — `couplings`, `findCoupling`, `jobs`, `errors`, `missingOptions`,
 * `optionMappings`, `mappingState` — takes the mapping name first; the engine writes only through its methods.
 */
export class StateStore {
  readonly orm: MikroORM;
  #mappings: () => readonly TableMapping[] = () => [];
  readonly #mergeBases = new StoredMergeBases((name) => this.#mappings().find((m) => m.name === name));

  constructor(orm: MikroORM) {
    this.orm = orm;
  }

  /**
   * The mappings in force (the host sets them at boot): a coupling's merge base is stored in the text form of
   * `StoredMergeBases`, against the layout of its mapping's fields. Without them it is stored as plain JSON.
   */
  useMappings(mappings: () => readonly TableMapping[]): void {
    this.#mappings = mappings;
  }

  /** The couplings of a mapping whose `side` id is one of `ids` (on node-sqlite3 one query; elsewhere one per 900 ids). */
  async couplingsBy(mapping: string, side: Side, ids: readonly string[]): Promise<Map<string, Coupling>> {
    const field = couplingIdField(side);
    const result = new Map<string, Coupling>();
    const em = this.orm.em.fork();
    const unique = [...new Set(ids)];
    // On node-sqlite3 the ids go as one JSON parameter, in one statement (see `jsonTextList`); elsewhere bound one by one.
    const list = unique.length > 0 && stateDriver(em) === 'sqlite3' ? jsonTextList(unique) : undefined;
    const statements = list !== undefined
      ? [{ among: 'select value from json_each(?)', params: [list] }]
      : chunks(unique, ID_CHUNK).map((part) => ({ among: placeholders(part.length), params: part }));
    for (const { among, params } of statements) {
      const where = `${couplingColumn(em, 'mapping')} = ? and ${couplingColumn(em, field)} in (${among})`;
      const found = await this.#mergeBases.decode(em, await readCouplings(em, where, [mapping, ...params]));
      for (const coupling of found) result.set(coupling[field]!, coupling);
    }
    return result;
  }

  /** Couplings waiting to be retried in a direction: failed or pending, and not skipped, by id (see `retryRead`). */
  async couplingsToRetry(mapping: string, direction: SyncDirection, limit: number): Promise<Coupling[]> {
    const em = this.orm.em.fork();
    const { where, params } = retryRead(em, mapping, direction, limit);
    return this.#mergeBases.decode(em, await readCouplings(em, where, params));
  }

  async findCoupling(mapping: string, side: Side, id: string): Promise<Coupling | null> {
    const em = this.orm.em.fork();
    const where = `${couplingColumn(em, 'mapping')} = ? and ${couplingColumn(em, couplingIdField(side))} = ?`;
    return (await this.#mergeBases.decode(em, await readCouplings(em, where, [mapping, id])))[0] ?? null;
  }

  /** A mapping's couplings, oldest first; `skipped` keeps only parked (or only unparked) ones. */
  async couplings(mapping: string, filter: { skipped?: boolean } = {}): Promise<Coupling[]> {
    const em = this.orm.em.fork();
    const skipped = filter.skipped === undefined ? '' : ` and ${couplingColumn(em, 'skipped')} = ?`;
    const where = `${couplingColumn(em, 'mapping')} = ?${skipped} order by ${couplingColumn(em, 'id')}`;
    return this.#mergeBases.decode(em, await readCouplings(em, where, filter.skipped === undefined ? [mapping] : [mapping, filter.skipped]));
  }

  /** Jobs, oldest first: of one mapping, or of all. */
  async jobs(mapping?: string): Promise<SyncJob[]> {
    return this.orm.em.fork().find<SyncJob>('SyncJob', mapping ? { mapping } : {}, { orderBy: { startedAt: 'asc' }, disableIdentityMap: true });
  }

  /** Failed records, oldest first: of one mapping (or all), optionally of one job. */
  async errors(mapping?: string, filter: { jobId?: string } = {}): Promise<SyncJobError[]> {
    const where = { ...(mapping ? { mapping } : {}), ...(filter.jobId ? { jobId: filter.jobId } : {}) };
    return this.orm.em.fork().find<SyncJobError>('SyncJobError', where, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  }

  /** The register of option values that had no counterpart: of one mapping (or all), optionally of one option set. */
  async missingOptions(mapping?: string, filter: { optionSet?: string } = {}): Promise<MissingOptionValue[]> {
    const where = { ...(mapping ? { mapping } : {}), ...(filter.optionSet ? { optionSet: filter.optionSet } : {}) };
    return this.orm.em.fork().find<MissingOptionValue>('MissingOptionValue', where, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  }

  async insertJob(job: SyncJob): Promise<void> {
    await this.orm.em.fork().insert('SyncJob', { ...job });
  }

  async finishJob(job: SyncJob): Promise<void> {
    const { id, ...rest } = job;
    await this.orm.em.fork().nativeUpdate('SyncJob', { id }, { ...rest, message: rest.message === null ? null : storedErrorText(rest.message) });
  }

  /**
   * Un-parks skipped couplings of a mapping (all, or the one whose `side` id is `id`) and forgets their failures in
   * both directions, so the retry that follows is a real one. Returns how many.
   */
  async restore(mapping: string, record?: { side: Side; id: string }): Promise<number> {
    const where: Record<string, unknown> = { mapping, skipped: true };
    if (record) where[couplingIdField(record.side)] = record.id;
    return this.orm.em.fork().nativeUpdate('Coupling', where, {
      skipped: false, failureCountToIntegration: 0, failureCountFromIntegration: 0,
      lastErrorToIntegration: null, lastErrorFromIntegration: null, updatedAt: new Date(),
    });
  }

  /**
   * Marks couplings to be synchronized again in a direction although their rows did not change (e.g. a value that
   * lives in another table changed): the next pass takes them first, as pending records. Returns how many.
   */
  async markForResync(mapping: string, direction: SyncDirection, couplingIds: readonly number[]): Promise<number> {
    if (couplingIds.length === 0) return 0;
    const result = direction === 'toIntegration' ? 'lastResultToIntegration' : 'lastResultFromIntegration';
    let marked = 0;
    for (const part of chunks([...couplingIds], ID_CHUNK)) {
      marked += await this.orm.em.fork().nativeUpdate('Coupling', { mapping, id: { $in: part } }, { [result]: 'pending', updatedAt: new Date() });
    }
    return marked;
  }

  /**
   * Couples two ids directly, replacing any coupling either id had in the mapping — for a record that is not a row of
   * a store (a plugin's pseudo record, such as the ERP's blank local currency). Rows are coupled by runs and
   * `engine.couple`, which check that both exist and raise the coupling hooks.
   */
  async pairDirectly(mapping: string, businessId: string, integrationId: string): Promise<void> {
    await inTransaction(this.orm.em.fork(), async (em) => {
      await em.nativeDelete('Coupling', { mapping, $or: [{ businessId }, { integrationId }] });
      const { id: _id, ...coupling } = newCoupling(mapping, { businessId, integrationId }, new Date());
      await em.insert('Coupling', coupling);
    });
  }

  /** Makes sure a mapping has its state row and its schedule entry (first boot). */
  async ensureMappingRows(mapping: string, schedule: { intervalSeconds: number; inactivityTimeoutSeconds: number }): Promise<void> {
    const em = this.orm.em.fork();
    if (!(await this.mappingState(mapping))) {
      await em.insert('MappingState', { mapping, toIntegrationCursor: null, fromIntegrationCursor: null, settings: null, updatedAt: new Date() });
    }
    if (!(await em.findOne('ScheduleEntry', { mapping }))) {
      await em.insert('ScheduleEntry', {
        mapping, intervalSeconds: schedule.intervalSeconds, inactivityTimeoutSeconds: schedule.inactivityTimeoutSeconds,
        status: 'ready', nextRunAt: new Date(), lastRunAt: null, leasedBy: null, leaseExpiresAt: null,
        lastChangeAt: null, holdMark: null, failureCount: 0, lastError: null,
      });
    } else {
      await this.applySchedule(mapping, schedule);
    }
  }

  /**
   * Brings a mapping's schedule entry in line with its `schedule` setting (at boot, and when the setting changes).
   * A shorter interval brings a ready entry's next run forward; status and history are kept.
   */
  async applySchedule(mapping: string, schedule: { intervalSeconds: number; inactivityTimeoutSeconds: number }, now = new Date()): Promise<void> {
    const em = this.orm.em.fork();
    const entry = await em.findOne<ScheduleEntry>('ScheduleEntry', { mapping }, { disableIdentityMap: true });
    if (!entry) return;
    if (entry.intervalSeconds === schedule.intervalSeconds && entry.inactivityTimeoutSeconds === schedule.inactivityTimeoutSeconds) return;
    const soonest = new Date(now.getTime() + schedule.intervalSeconds * 1000);
    const nextRunAt = entry.status === 'ready' && (!entry.nextRunAt || entry.nextRunAt > soonest) ? soonest : entry.nextRunAt;
    await em.nativeUpdate('ScheduleEntry', { mapping }, {
      intervalSeconds: schedule.intervalSeconds, inactivityTimeoutSeconds: schedule.inactivityTimeoutSeconds, nextRunAt,
    });
  }

  /** The schedule entries, by mapping name (all of them without `mapping`). */
  async scheduleEntries(mapping?: string): Promise<ScheduleEntry[]> {
    return this.orm.em.fork().find<ScheduleEntry>('ScheduleEntry', mapping ? { mapping } : {}, { orderBy: { mapping: 'asc' }, disableIdentityMap: true });
  }

  /** Changes columns of one schedule entry. */
  async updateScheduleEntry(mapping: string, changes: Partial<Omit<ScheduleEntry, 'mapping'>>): Promise<void> {
    await this.orm.em.fork().nativeUpdate('ScheduleEntry', { mapping }, changes);
  }

  /**
   * Marks a full sync in a direction as under way (`progress` = FULL_SYNC_STARTED) or finished (`null`). Pages move
   * the progress as they commit (`writePage`).
   */
  async setFullSyncProgress(mapping: string, direction: SyncDirection, progress: StoredCursor | null): Promise<void> {
    await this.orm.em.fork().nativeUpdate('MappingState', { mapping }, { [cursorColumns(direction).fullSync]: progress, updatedAt: new Date() });
  }

  /**
   * Moves couplings' stamp of one side to the row's new modified-on after a write outside the mapping that is not a
   * user change (BC's `SetLastSynchCRMModifiedOn`: a plugin linking a CRM account to its statistics row). The next
   * pass then sees the row as unchanged. `stamps` maps coupling id → new modified-on. Returns how many it moved.
   */
  async refreshStamps(mapping: string, side: Side, stamps: ReadonlyMap<number, Date>): Promise<number> {
    const column = side === 'business' ? 'businessModifiedOn' : 'integrationModifiedOn';
    // One statement per distinct stamp (a batch written together mostly shares its second), not one per coupling.
    const byStamp = new Map<number, number[]>();
    for (const [id, modifiedOn] of stamps) byStamp.set(modifiedOn.getTime(), [...(byStamp.get(modifiedOn.getTime()) ?? []), id]);
    let moved = 0;
    await inTransaction(this.orm.em.fork(), async (em) => {
      for (const [time, ids] of byStamp) {
        for (const part of chunks(ids, ID_CHUNK)) {
          moved += await em.nativeUpdate('Coupling', { mapping, id: { $in: part } }, { [column]: new Date(time), updatedAt: new Date() });
        }
      }
    });
    return moved;
  }

  /** Stores where a plugin job's next run starts (its `MappingState.toIntegrationCursor`, id blank). */
  async setJobWatermark(job: string, at: Date): Promise<void> {
    await this.orm.em.fork().nativeUpdate('MappingState', { mapping: job }, { toIntegrationCursor: { modifiedOn: at.toISOString(), id: '' }, updatedAt: new Date() });
  }

  /** Writes job errors recorded outside a page (plugin jobs), texts capped as a page's are. */
  async insertJobErrors(errors: readonly Omit<SyncJobError, 'id'>[]): Promise<void> {
    if (errors.length === 0) return;
    const rows = errors.map((e) => ({ ...e, message: storedErrorText(e.message), stack: storedStackText(e.stack, e.message) }));
    for (const part of chunks(rows, 500)) await this.orm.em.fork().insertMany('SyncJobError', part);
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

  /**
   * Adds the default option mappings that are not there yet (by option set and business value). Kept: existing ones
   * (a user may have changed their value), defaults a user removed (`removeOptionMapping` with `rememberRemoved`), and
   * defaults whose option value a user already mapped to another code (the unique value would refuse them).
   */
  async seedOptionMappings(entries: readonly Omit<OptionMapping, 'id'>[]): Promise<void> {
    if (entries.length === 0) return;
    const sets = [...new Set(entries.map((e) => e.optionSet))];
    const existing = await this.optionMappings(sets);
    const removed = await this.orm.em.fork().find<RemovedOptionDefault>('RemovedOptionDefault', { optionSet: { $in: sets } }, { disableIdentityMap: true });
    const codes = new Set([...existing, ...removed].map((e) => `${e.optionSet}\u0000${e.businessValue}`));
    const values = new Set(existing.map((e) => `${e.optionSet}\u0000${e.integrationValue}`));
    const missing = entries.filter((e) => !codes.has(`${e.optionSet}\u0000${e.businessValue}`) && !values.has(`${e.optionSet}\u0000${e.integrationValue}`));
    if (missing.length > 0) await this.orm.em.fork().insertMany('OptionMapping', missing.map((e) => ({ ...e })));
  }

  /** Adds or changes the option mapping of a business code in an option set (a removed default is back). */
  async saveOptionMapping(entry: Omit<OptionMapping, 'id'>): Promise<void> {
    await inTransaction(this.orm.em.fork(), async (em) => {
      await em.nativeDelete('RemovedOptionDefault', { optionSet: entry.optionSet, businessValue: entry.businessValue });
      await em.upsert<OptionMapping>('OptionMapping', { ...entry }, {
        onConflictFields: ['optionSet', 'businessValue'], onConflictMergeFields: ['integrationValue', 'label'],
      });
    });
  }

  /**
   * Removes the option mapping of a business code; returns whether there was one. `rememberRemoved` (a plugin's
   * default) records the removal, so the next start does not seed the default again.
   */
  async removeOptionMapping(optionSet: string, businessValue: string, options: { rememberRemoved?: boolean } = {}): Promise<boolean> {
    return inTransaction(this.orm.em.fork(), async (em) => {
      const removed = (await em.nativeDelete('OptionMapping', { optionSet, businessValue })) > 0;
      if (removed && options.rememberRemoved) {
        await em.upsert<RemovedOptionDefault>('RemovedOptionDefault', { optionSet, businessValue, removedAt: new Date() }, {
          onConflictFields: ['optionSet', 'businessValue'], onConflictMergeFields: ['removedAt'],
        });
      }
      return removed;
    });
  }

  /** The plugins' default option mappings a user removed, of these option sets. */
  async removedOptionDefaults(optionSets: readonly string[]): Promise<RemovedOptionDefault[]> {
    if (optionSets.length === 0) return [];
    return this.orm.em.fork().find<RemovedOptionDefault>('RemovedOptionDefault', { optionSet: { $in: [...optionSets] } }, { disableIdentityMap: true });
  }

  /** Replaces every option mapping of these option sets with `entries`, and forgets their removed defaults, in one transaction. */
  async replaceOptionMappings(optionSets: readonly string[], entries: readonly Omit<OptionMapping, 'id'>[]): Promise<void> {
    if (optionSets.length === 0) return;
    await inTransaction(this.orm.em.fork(), async (em) => {
      await em.nativeDelete('OptionMapping', { optionSet: { $in: [...optionSets] } });
      await em.nativeDelete('RemovedOptionDefault', { optionSet: { $in: [...optionSets] } });
      if (entries.length > 0) await em.insertMany('OptionMapping', entries.map((e) => ({ ...e })));
    });
  }

  /** Runs `work` in one transaction of the state database; a store on the same database can join it. */
  async transaction<T>(work: (transaction: StateTransaction, em: EntityManager) => Promise<T>): Promise<T> {
    const root = this.orm.em;
    return inTransaction(this.orm.em.fork(), (em) => {
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
    // One multi-row statement per 500 couplings / errors / register entries (see batchInsert), in the page's transaction.
    const mergeBases = await this.#mergeBases.encode(em, page.couplings);
    // Each coupling's row as an array of the columns' values (`COUPLING_COLUMNS`, an existing one's id first): no
    // object per coupling that the insert reads back by name.
    const row = (c: Coupling, createdAt: Date, withId: boolean): unknown[] => {
      const base = mergeBases.get(c);
      const values: unknown[] = [
        c.mapping, c.businessId, c.integrationId, c.businessModifiedOn, c.integrationModifiedOn,
        base ? base.mergeBase : null, base ? base.syncedValues : null,
        c.lastResultToIntegration, c.lastResultFromIntegration, c.lastJobId,
        c.failureCountToIntegration, c.failureCountFromIntegration,
        cappedError(c.lastErrorToIntegration), cappedError(c.lastErrorFromIntegration),
        c.skipped, createdAt, now,
      ];
      if (withId) values.unshift(c.id);
      return values;
    };
    await batchInsertRows(em, 'Coupling', EXISTING_COUPLING_COLUMNS, existing.map((c) => row(c, c.createdAt, true)), { target: ['id'], update: CHANGED_COUPLING_COLUMNS });
    await batchInsertRows(em, 'Coupling', COUPLING_COLUMNS, added.map((c) => row(c, now, false)));
    await batchInsert(em, 'SyncJobError', page.errors.map((e) => ({
      jobId: e.jobId, mapping: e.mapping, sourceId: e.sourceId, destinationId: e.destinationId, message: storedErrorText(e.message),
      stack: storedStackText(e.stack, e.message), errorClass: e.errorClass, code: e.code, createdAt: e.createdAt,
    })));
    await writeMissingOptions(em, page.missingOptions);
    const { id, ...counters } = page.job;
    await em.nativeUpdate('SyncJob', { id }, { ...counters, message: counters.message === null ? null : storedErrorText(counters.message) });
    if (page.cursor) {
      const columns = cursorColumns(page.cursor.direction);
      const progress = toStoredCursor(page.cursor.cursor);
      await em.nativeUpdate('MappingState', { mapping: page.job.mapping }, {
        [columns.cursor]: toStoredWatermark(page.cursor.cursor, page.cursor.seenThrough),
        ...(page.cursor.fullSync ? { [columns.fullSync]: progress } : {}), updatedAt: now,
      });
    }
  }

}

/** Stored error texts are capped and never carry SQL statements (see `storedErrorText`). */
function cappedError(text: string | null): string | null {
  return text === null ? null : storedErrorText(text);
}
