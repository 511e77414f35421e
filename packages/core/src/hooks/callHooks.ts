import type { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, Hook, HookMap } from 'tapable';
import { EVERY_MAPPING } from './SyncStage';
import { isThenable } from './guardTaps';

type Family<H> = { get(key: string): H | undefined };
type AnyFn = (...args: unknown[]) => unknown;
/** A registered tap as `hook.taps` lists it. */
type Tap = Hook<any, any>['taps'][number];

/** Per family and mapping: the merged tap list, kept while neither hook got new taps. */
const mergedTaps = new WeakMap<object, Map<string, { every: number; own: number; taps: Tap[] }>>();

/**
 * What to call for one mapping: one hook when only it has taps, or the taps for every mapping and the mapping's own,
 * merged and ordered by stage (at equal stage: every-mapping taps first, then registration order). Reads only
 * tapable's public `taps`; the taps already carry their error guards (`guardTaps`, `bailAnswers` interceptors).
 */
function tapsFor<H extends Hook<any, any>>(family: Family<H>, mapping: string): { hook: H } | { taps: Tap[] } | undefined {
  const every = family.get(EVERY_MAPPING);
  const own = family.get(mapping);
  const everyTaps = every?.taps ?? [];
  const ownTaps = own?.taps ?? [];
  if (everyTaps.length === 0) return ownTaps.length > 0 ? { hook: own! } : undefined;
  if (ownTaps.length === 0) return { hook: every! };
  let byMapping = mergedTaps.get(family);
  if (!byMapping) mergedTaps.set(family, (byMapping = new Map()));
  const cached = byMapping.get(mapping);
  // Taps are only ever added, so unchanged counts mean unchanged taps.
  if (cached && cached.every === everyTaps.length && cached.own === ownTaps.length) return { taps: cached.taps };
  const taps = [...everyTaps.map((tap, i) => ({ tap, order: i })), ...ownTaps.map((tap, i) => ({ tap, order: everyTaps.length + i }))]
    .sort((a, b) => (a.tap.stage ?? 0) - (b.tap.stage ?? 0) || a.order - b.order)
    .map((m) => m.tap);
  byMapping.set(mapping, { every: everyTaps.length, own: ownTaps.length, taps });
  return { taps };
}

/**
 * Calls one tap, whatever the way it was tapped (`tap`, `tapAsync`, `tapPromise`): a promise, or a sync tap's value
 * as it is — callers await only thenables, so a tap costs no promise of ours (per-record hooks run for every record).
 */
function callTap(tap: Tap, args: unknown[]): unknown {
  const fn = tap.fn as AnyFn;
  if (tap.type === 'async') {
    return new Promise((resolve, reject) => fn(...args, (error?: unknown, result?: unknown) => (error ? reject(error) : resolve(result))));
  }
  return fn(...args);
}

/** Runs a per-mapping Series family: every-mapping and own taps together, in stage order. */
export async function callSeries<C>(family: HookMap<AsyncSeriesHook<[C]>>, mapping: string, context: C): Promise<void> {
  const found = tapsFor(family, mapping);
  if (!found) return;
  if ('hook' in found) return found.hook.promise(context);
  for (const tap of found.taps) {
    const result = callTap(tap, [context]);
    if (isThenable(result)) await result;
  }
}

/** Runs a per-mapping Bail family: the first answer, in stage order, wins. */
export async function callBail<C, R>(
  family: HookMap<AsyncSeriesBailHook<[C], R | undefined>>,
  mapping: string,
  context: C,
): Promise<R | undefined> {
  const found = tapsFor(family, mapping);
  if (!found) return undefined;
  if ('hook' in found) return found.hook.promise(context);
  for (const tap of found.taps) {
    const called = callTap(tap, [context]);
    const answer = isThenable(called) ? await called : called;
    if (answer !== undefined) return answer as R;
  }
  return undefined;
}

/** Runs a per-mapping Waterfall family over a value, in stage order; a tap returning `undefined` keeps the value. */
export async function callWaterfall<V, C>(
  family: HookMap<AsyncSeriesWaterfallHook<[V, C]>>,
  mapping: string,
  value: V,
  context: C,
): Promise<V> {
  const found = tapsFor(family, mapping);
  if (!found) return value;
  if ('hook' in found) return (await found.hook.promise(value, context)) as V;
  let current = value;
  for (const tap of found.taps) {
    const called = callTap(tap, [current, context]);
    const next = isThenable(called) ? await called : called;
    if (next !== undefined) current = next as V;
  }
  return current;
}

/** True when any tap listens on a family for this mapping (lets the engine skip per-record work). */
export function isTapped(family: { get(key: string): { isUsed(): boolean } | undefined }, mapping: string): boolean {
  return !!(family.get(EVERY_MAPPING)?.isUsed() || family.get(mapping)?.isUsed());
}
