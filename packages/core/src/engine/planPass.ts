import { ErrorCodes } from '../errors/ErrorCodes';
import { createSyncHooks } from '../hooks/SyncHooks';
import { sourceSide, type SyncDirection } from '../model/Direction';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import type { MissingOptionValue } from '../state/OptionMapping';
import { CounterpartFinder } from './CounterpartFinder';
import { OptionTranslator } from './OptionTranslator';
import { passStart, readPassPages } from './passPages';
import { storedErrorCode } from './PageSettlement';
import { PassScope } from './PassScope';
import { decisionTaps, RecordDecider } from './RecordDecider';
import { ReferenceTranslator } from './ReferenceTranslator';
import { isOpen, newWork, type PageOptions, type RecordWork } from './RecordWork';
import type { SyncEnvironment } from './SyncEnvironment';
import { newJob } from './SyncPass';
import { emptyPlanCounters, type PassPlan, type PlannedRecord } from './SyncPlan';

/**
 * A dry run of one pass: the same reads, counterpart search and decisions as `runPass` (retry first, then the change
 * stream from the watermark), but nothing is written — no destination rows, couplings, errors, job row or watermark,
 * and no lease is taken. The hooks that may write or use up something (`onBeforeInsert`/`onBeforeModify`, which take
 * numbers from series, and `onUnchanged`) are not called; the after-write hooks are never reached.
 */
export async function planPass(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, options: { full?: boolean } = {}): Promise<PassPlan> {
  const start = await passStart(env, mapping, direction, !!options.full);
  const { planEnv, scope, finder, decider } = await planStages(env, mapping, direction);
  const plan: PassPlan = { mapping: mapping.name, direction, full: start.full, counters: emptyPlanCounters(), records: [] };
  const from = sourceSide(direction);

  await readPassPages(env, mapping, direction, start, async (rows, pageOptions) => {
    const couplings = await env.state.couplingsBy(mapping.name, from, rows.map((r) => r.id));
    const works = rows.map((source) => newWork(source, couplings.get(source.id)));
    await decider.admit(works, pageOptions);
    await finder.find(works.filter(isOpen));
    const gone = new Set(works.filter((w) => isOpen(w) && scope.counterpartId(w) && !w.destination));
    const references = await ReferenceTranslator.forPage(planEnv, mapping, direction, scope.fields.map((f) => f.field), rows);
    const missingOptions: Omit<MissingOptionValue, 'id'>[] = [];
    const taps = decisionTaps(scope);
    for (const work of works) if (isOpen(work)) await decider.decide(work, pageOptions, { references, missingOptions, taps });
    for (const work of works) addRecord(plan, scope, work, gone.has(work));
  });
  return plan;
}

/**
 * A dry run of one record against a given counterpart (or its coupled one, or the one a run would find), forced like
 * `syncRecord`: what a sync in `direction` would write to it. Nothing is written.
 */
export async function planRecord(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection, source: Row, destination?: Row): Promise<PlannedRecord | undefined> {
  const { planEnv, scope, finder, decider } = await planStages(env, mapping, direction);
  const work = newWork(source, (await env.state.couplingsBy(mapping.name, scope.from, [source.id])).get(source.id));
  const options: PageOptions = { force: true, allowCreate: true };
  await decider.admit([work], options);
  if (destination && isOpen(work)) Object.assign(work, { destination, newlyCoupled: scope.counterpartId(work) !== destination.id });
  else await finder.find([work].filter(isOpen));
  const references = await ReferenceTranslator.forPage(planEnv, mapping, direction, scope.fields.map((f) => f.field), [source]);
  if (isOpen(work)) await decider.decide(work, options, { references, missingOptions: [], taps: decisionTaps(scope) });
  const plan: PassPlan = { mapping: mapping.name, direction, full: false, counters: emptyPlanCounters(), records: [] };
  addRecord(plan, scope, work, false);
  return plan.records[0];
}

/**
 * The stages of a pass over an environment whose hooks that may write or use something up are silenced
 * (`onBeforeInsert`/`onBeforeModify` take numbers from series; `onUnchanged` may mark children for a resync).
 */
async function planStages(env: SyncEnvironment, mapping: TableMapping, direction: SyncDirection) {
  const quiet = createSyncHooks();
  const planEnv: SyncEnvironment = { ...env, hooks: { ...env.hooks, onBeforeInsert: quiet.onBeforeInsert, onBeforeModify: quiet.onBeforeModify, onUnchanged: quiet.onUnchanged } };
  const job = newJob(mapping, direction, 'synchronization'); // in memory only: hooks see a job, none is stored
  const scope = new PassScope(planEnv, mapping, direction, job, await OptionTranslator.load(env.state, mapping.fields));
  return { planEnv, scope, finder: new CounterpartFinder(scope), decider: new RecordDecider(scope) };
}

/** Settles a record the way `PageSettlement` would name its outcome, into the plan instead of the state. */
function addRecord(plan: PassPlan, scope: PassScope, work: RecordWork, counterpartGone: boolean): void {
  const { counters } = plan;
  let record: PlannedRecord;
  const destinationId = work.destination?.id ?? scope.counterpartId(work) ?? undefined;
  const base = { sourceId: work.source.id, ...(destinationId ? { destinationId } : {}), coupled: work.newlyCoupled && !work.error };
  if (work.error) {
    const code = storedErrorCode(work.error);
    const conflict = code === ErrorCodes.UPDATE_CONFLICT ? 'update' : code === ErrorCodes.DELETION_CONFLICT ? 'deletion' : undefined;
    record = { ...base, action: 'fail', ...(conflict ? { conflict } : {}), error: { code, message: work.error.message } };
    counters.failed += 1;
  } else if (work.halt === 'uncouple') {
    record = { ...base, action: 'uncouple', conflict: 'deletion' };
    counters.uncoupled += 1;
  } else if (work.operation) {
    record = { ...base, action: work.action!, fields: Object.keys(work.changes ?? {}), values: { ...work.changes }, ...(counterpartGone ? { conflict: 'deletion' as const } : {}) };
    counters[work.action === 'insert' ? 'inserted' : 'modified'] += 1;
  } else if (work.halt === 'unchanged' || work.halt === 'skip') {
    record = { ...base, action: work.halt };
    counters[work.halt === 'skip' ? 'skipped' : 'unchanged'] += 1;
  } else {
    return; // passed over: not counted, as in a run
  }
  if (record.coupled) counters.coupled += 1;
  if (record.conflict) counters.conflicts += 1;
  plan.records.push(record);
}
