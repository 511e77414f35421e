import type { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, Hook, HookMap } from 'tapable';
import type { SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { TableMapping } from '../model/TableMapping';
import { EVERY_MAPPING } from './SyncStage';
import { directTapsOf, type DirectTap, type Tap } from './directTaps';
import { hasFieldFilter, tapListens } from './fieldFilter';
import { isThenable } from './guardTaps';

type Family<H> = { get(key: string): H | undefined };
type AnyFn = (...args: unknown[]) => unknown;
type AnyHook = Hook<any, any>;

/** One tap as a call makes it: its own function (`direct`), or the function tapable would call (`tap.fn`). */
interface TapCall {
  tap: Tap;
  direct: DirectTap | undefined;
}

/** How to call one family for one mapping: through one tapable hook (it has interceptors of its own), or tap by tap. */
type Plan = { hook: AnyHook } | { calls: TapCall[] };

/** How to call `onTransferField` for one field: the plan of the taps that listen to it (opaque to callers). */
export type FieldPlan = Plan;

/** One field of a pass as `onTransferField` sees it (the engine's `ActiveField`s). */
export interface FieldSlot {
  field: FieldMapping;
  destinationField: string;
}

/** The field plans of one pass's fields, in their order; `tapped` when any field has one. */
interface FieldPlanList {
  direction: SyncDirection;
  plans: (FieldPlan | undefined)[];
  tapped: boolean;
}

/** The plan of one family and mapping, kept while neither hook changed (taps and interceptors are only ever added). */
interface CachedPlan {
  every: AnyHook | undefined;
  own: AnyHook | undefined;
  sizes: number;
  plan: Plan | undefined;
  /** Some tap has a `fields` filter (`onTransferField`): each field gets a plan of its own, made once. */
  filtered: boolean;
  /** Per direction and field mapping: the field's plan (`null`: no tap listens). */
  byField: Partial<Record<SyncDirection, WeakMap<FieldMapping, FieldPlan | null>>>;
  /** Per list of a pass's fields: their plans, so that a record looks them up once. */
  byFields: WeakMap<readonly FieldSlot[], FieldPlanList>;
}

const plans = new WeakMap<object, Map<string, CachedPlan>>();

function sizesOf(hook: AnyHook | undefined): number {
  return hook ? hook.taps.length * 1024 + hook.interceptors.length : 0;
}

/**
 * What to call for one mapping: the taps for every mapping and the mapping's own, merged and ordered by stage (at
 * equal stage: every-mapping taps first, then registration order); `undefined` when no tap listens. Per-record hooks
 * run for every record, so the plan is built once and reused. A tap whose hook has only Tandem's own `register`
 * interceptors (`guardTaps`, `bailAnswers`) is called directly, with their work done here: no promise of theirs or of
 * tapable's per call. A single hook with interceptors of its own is called as tapable calls it, so they all run.
 */
function planFor<H extends AnyHook>(family: Family<H>, mapping: string): Plan | undefined {
  return cachedPlanFor(family, mapping).plan;
}

function cachedPlanFor<H extends AnyHook>(family: Family<H>, mapping: string): CachedPlan {
  const every = family.get(EVERY_MAPPING);
  const own = family.get(mapping);
  let byMapping = plans.get(family);
  if (!byMapping) plans.set(family, (byMapping = new Map()));
  const sizes = sizesOf(every) * 1_048_576 + sizesOf(own);
  const cached = byMapping.get(mapping);
  if (cached && cached.every === every && cached.own === own && cached.sizes === sizes) return cached;
  const plan = buildPlan(every, own);
  const filtered = !!plan && ((every?.taps.some(hasFieldFilter) ?? false) || (own?.taps.some(hasFieldFilter) ?? false));
  const entry: CachedPlan = { every, own, sizes, plan, filtered, byField: {}, byFields: new WeakMap() };
  byMapping.set(mapping, entry);
  return entry;
}

function buildPlan(every: AnyHook | undefined, own: AnyHook | undefined): Plan | undefined {
  const everyTaps = every?.taps ?? [];
  const ownTaps = own?.taps ?? [];
  if (everyTaps.length === 0 && ownTaps.length === 0) return undefined;
  const everyDirect = every && everyTaps.length > 0 ? directTapsOf(every) : [];
  const ownDirect = own && ownTaps.length > 0 ? directTapsOf(own) : [];
  // One hook with interceptors of its own: tapable calls it, its `call`/`tap` interceptors included.
  if (everyTaps.length === 0 && !ownDirect) return { hook: own! };
  if (ownTaps.length === 0 && !everyDirect) return { hook: every! };
  // One hook: its taps in tapable's order (stage, then `before`, then registration).
  if (everyTaps.length === 0) return { calls: ownTaps.map((tap, i) => ({ tap, direct: ownDirect![i] })) };
  if (ownTaps.length === 0) return { calls: everyTaps.map((tap, i) => ({ tap, direct: everyDirect![i] })) };
  const calls = [
    ...everyTaps.map((tap, i) => ({ call: { tap, direct: everyDirect?.[i] }, order: i })),
    ...ownTaps.map((tap, i) => ({ call: { tap, direct: ownDirect?.[i] }, order: everyTaps.length + i })),
  ]
    .sort((a, b) => (a.call.tap.stage ?? 0) - (b.call.tap.stage ?? 0) || a.order - b.order)
    .map((m) => m.call);
  return { calls };
}

/**
 * Calls one tap with the hook's one argument (`b` absent) or two: fixed arity, so that a call allocates no array of
 * arguments. A value, or a promise only when the tap made one: callers wait only for thenables, so a sync tap (or a
 * promise tap that had nothing to wait for) costs no promise. Throws the `HookError` `guardTaps` would give.
 */
function invoke(call: TapCall, arity: 1 | 2, a: unknown, b?: unknown): unknown {
  const { tap, direct } = call;
  if (!direct) {
    const fn = tap.fn as AnyFn;
    if (tap.type === 'async') {
      return new Promise((resolve, reject) => {
        const callback = (error?: unknown, result?: unknown) => (error ? reject(error) : resolve(result));
        if (arity === 1) fn(a, callback);
        else fn(a, b, callback);
      });
    }
    return arity === 1 ? fn(a) : fn(a, b);
  }
  try {
    return arity === 1 ? direct.fn(a) : direct.fn(a, b);
  } catch (error) {
    throw direct.wrap(error);
  }
}

/** Whether the call's result is to be waited for: a sync tap's return value is taken as it is (as tapable does). */
function pending(call: TapCall, result: unknown): result is PromiseLike<unknown> {
  return call.tap.type !== 'sync' && isThenable(result);
}

/** What a tap's promise rejected with, as `guardTaps` would give it (a direct call has no wrapper of its own). */
function rejection(call: TapCall, error: unknown): unknown {
  return call.direct ? call.direct.wrap(error) : error;
}

function answerOf(call: TapCall, value: unknown): unknown {
  return call.direct?.answer ? call.direct.answer(value) : value;
}

/**
 * Runs a per-mapping Series family: every-mapping and own taps together, in stage order. Returns a promise only when
 * a tap returned one; a caller on a hot path awaits only then (`const done = callSeries(…); if (done) await done`).
 */
export function callSeries<C>(family: HookMap<AsyncSeriesHook<[C]>>, mapping: string, context: C): void | Promise<void> {
  const plan = planFor(family, mapping);
  if (!plan) return;
  if ('hook' in plan) return plan.hook.promise(context);
  return seriesFrom(plan.calls, 0, context);
}

function seriesFrom<C>(calls: TapCall[], start: number, context: C): void | Promise<void> {
  for (let i = start; i < calls.length; i++) {
    const result = invoke(calls[i]!, 1, context);
    if (pending(calls[i]!, result)) return seriesAfter(calls, i, result, context);
  }
}

/** The rest of a series from a tap that returned a promise: one async loop, not a promise per remaining tap. */
async function seriesAfter<C>(calls: TapCall[], index: number, result: PromiseLike<unknown>, context: C): Promise<void> {
  let waiting: PromiseLike<unknown> | undefined = result;
  for (let i = index; i < calls.length; i++) {
    if (!waiting) {
      const called = invoke(calls[i]!, 1, context);
      if (!pending(calls[i]!, called)) continue;
      waiting = called;
    }
    try {
      await waiting;
    } catch (error) {
      throw rejection(calls[i]!, error);
    }
    waiting = undefined;
  }
}

/** Runs a per-mapping Bail family: the first answer, in stage order, wins. A promise only when a tap returned one. */
export function callBail<C, R>(
  family: HookMap<AsyncSeriesBailHook<[C], R | undefined>>,
  mapping: string,
  context: C,
): R | undefined | Promise<R | undefined> {
  const plan = planFor(family, mapping);
  if (!plan) return undefined;
  if ('hook' in plan) return plan.hook.promise(context) as Promise<R | undefined>;
  return bailFrom(plan.calls, 0, context) as R | undefined | Promise<R | undefined>;
}

function bailFrom<C>(calls: TapCall[], start: number, context: C): unknown {
  for (let i = start; i < calls.length; i++) {
    const result = invoke(calls[i]!, 1, context);
    if (pending(calls[i]!, result)) return bailAfter(calls, i, result, context);
    const answer = answerOf(calls[i]!, result);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

async function bailAfter<C>(calls: TapCall[], index: number, result: PromiseLike<unknown>, context: C): Promise<unknown> {
  let waiting: PromiseLike<unknown> | undefined = result;
  for (let i = index; i < calls.length; i++) {
    let answer: unknown = waiting ? undefined : invoke(calls[i]!, 1, context);
    if (!waiting && pending(calls[i]!, answer)) waiting = answer as PromiseLike<unknown>;
    if (waiting) {
      try {
        answer = await waiting;
      } catch (error) {
        throw rejection(calls[i]!, error);
      }
      waiting = undefined;
    }
    answer = answerOf(calls[i]!, answer);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/**
 * Runs a per-mapping Waterfall family over a value, in stage order; a tap returning `undefined` keeps the value. A
 * promise only when a tap returned one. For `onTransferField`, taps whose `fields` leave the context's field out are
 * not called.
 */
export function callWaterfall<V, C>(
  family: Family<AsyncSeriesWaterfallHook<[V, C], any, any>>,
  mapping: string,
  value: V,
  context: C,
): V | Promise<V> {
  const entry = cachedPlanFor(family, mapping);
  let plan = entry.plan;
  if (plan && entry.filtered) {
    const field = context as unknown as FieldSlot & { mapping: TableMapping; direction: SyncDirection };
    plan = fieldPlanOf(entry, field.mapping, field.direction, field.field, field.destinationField);
  }
  return plan ? callFieldWaterfall(plan, value, context) : value;
}

/** Runs one field's plan (from `fieldPlans`) over a value, as `callWaterfall` does. */
export function callFieldWaterfall<V, C>(plan: FieldPlan, value: V, context: C): V | Promise<V> {
  if ('hook' in plan) return plan.hook.promise(value, context) as Promise<V>;
  return waterfallFrom(plan.calls, 0, value, context) as V | Promise<V>;
}

/**
 * The `onTransferField` plans of a pass's fields, in their order, or `undefined` when no tap listens to any of them:
 * a field without a plan gets no context and no call. A record looks its pass's list up once; each field's plan is
 * made once per mapping, direction and field (and again only when taps or interceptors are added), so a `fields`
 * predicate is asked once, not per record.
 */
export function fieldPlans(
  family: Family<AnyHook>,
  mapping: TableMapping,
  direction: SyncDirection,
  fields: readonly FieldSlot[],
): readonly (FieldPlan | undefined)[] | undefined {
  const entry = cachedPlanFor(family, mapping.name);
  if (!entry.plan) return undefined;
  let list = entry.byFields.get(fields);
  if (!list || list.direction !== direction) {
    const planned = fields.map((slot) => fieldPlanOf(entry, mapping, direction, slot.field, slot.destinationField));
    list = { direction, plans: planned, tapped: planned.some((plan) => plan !== undefined) };
    entry.byFields.set(fields, list);
  }
  return list.tapped ? list.plans : undefined;
}

/** The plan of one field: the mapping's plan less the taps whose `fields` leave the field out. */
function fieldPlanOf(
  entry: CachedPlan,
  mapping: TableMapping,
  direction: SyncDirection,
  field: FieldMapping,
  destinationField: string,
): FieldPlan | undefined {
  const plan = entry.plan;
  if (!plan || !entry.filtered) return plan;
  const byField = (entry.byField[direction] ??= new WeakMap());
  let fieldPlan = byField.get(field);
  if (fieldPlan === undefined) {
    fieldPlan = buildFieldPlan(plan, (tap) => tapListens(tap, mapping, direction, field, destinationField));
    byField.set(field, fieldPlan);
  }
  return fieldPlan ?? undefined;
}

function buildFieldPlan(plan: Plan, listens: (tap: Tap) => boolean): FieldPlan | null {
  // Through tapable: the hook as it is, `guardTaps`' wrapper skipping the taps that do not listen.
  if ('hook' in plan) return plan.hook.taps.some(listens) ? plan : null;
  const calls = plan.calls.filter((call) => listens(call.tap));
  return calls.length === 0 ? null : calls.length === plan.calls.length ? plan : { calls };
}

function waterfallFrom<C>(calls: TapCall[], start: number, value: unknown, context: C): unknown {
  let current = value;
  for (let i = start; i < calls.length; i++) {
    const result = invoke(calls[i]!, 2, current, context);
    if (pending(calls[i]!, result)) return waterfallAfter(calls, i, result, current, context);
    if (result !== undefined) current = result;
  }
  return current;
}

async function waterfallAfter<C>(calls: TapCall[], index: number, result: PromiseLike<unknown>, value: unknown, context: C): Promise<unknown> {
  let current = value;
  let waiting: PromiseLike<unknown> | undefined = result;
  for (let i = index; i < calls.length; i++) {
    let next: unknown = waiting ? undefined : invoke(calls[i]!, 2, current, context);
    if (!waiting && pending(calls[i]!, next)) waiting = next as PromiseLike<unknown>;
    if (waiting) {
      try {
        next = await waiting;
      } catch (error) {
        throw rejection(calls[i]!, error);
      }
      waiting = undefined;
    }
    if (next !== undefined) current = next;
  }
  return current;
}

/** True when any tap listens on a family for this mapping (lets the engine skip per-record work). */
export function isTapped<H extends AnyHook>(family: Family<H>, mapping: string): boolean {
  return planFor(family, mapping) !== undefined;
}
