import type { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, Hook, HookMap, Tap } from 'tapable';
import { EVERY_MAPPING } from './SyncStage';

type Family<H> = { get(key: string): H | undefined; for(key: string): H };
type Combined = { hook: Hook<any, any>; every: number; own: number };

/** Per family and mapping: one hook holding the every-mapping taps and the mapping's own, ordered by stage. */
const combinedHooks = new WeakMap<object, Map<string, Combined>>();

/**
 * The hook to call for one mapping: the taps for every mapping and the mapping's own, merged and ordered by stage
 * (taps of equal stage: every-mapping taps first, then registration order). Rebuilt only when taps were added.
 */
function hookFor<H extends Hook<any, any>>(family: Family<H>, mapping: string): H | undefined {
  const every = family.get(EVERY_MAPPING);
  const own = family.get(mapping);
  const everyTaps = every?.taps.length ?? 0;
  const ownTaps = own?.taps.length ?? 0;
  if (everyTaps === 0) return ownTaps > 0 ? own : undefined;
  if (ownTaps === 0) return every;
  let byMapping = combinedHooks.get(family);
  if (!byMapping) combinedHooks.set(family, (byMapping = new Map()));
  const cached = byMapping.get(mapping);
  if (cached && cached.every === everyTaps && cached.own === ownTaps) return cached.hook as H;
  // A fresh hook of the same kind; the taps already carry their error guards, so they are added as they are.
  const hook = new (own!.constructor as new (args: readonly string[]) => H)([...(own as unknown as { _args: string[] })._args]);
  const merged = [...every!.taps.map((tap, i) => ({ tap, order: i })), ...own!.taps.map((tap, i) => ({ tap, order: everyTaps + i }))]
    .sort((a, b) => (a.tap.stage ?? 0) - (b.tap.stage ?? 0) || a.order - b.order);
  (hook as unknown as { taps: Tap[] }).taps = merged.map((m) => m.tap);
  byMapping.set(mapping, { hook, every: everyTaps, own: ownTaps });
  return hook;
}

/** Runs a per-mapping Series family: every-mapping and own taps together, in stage order. */
export async function callSeries<C>(family: HookMap<AsyncSeriesHook<[C]>>, mapping: string, context: C): Promise<void> {
  await hookFor(family, mapping)?.promise(context);
}

/** Runs a per-mapping Bail family: the first answer, in stage order, wins. */
export async function callBail<C, R>(
  family: HookMap<AsyncSeriesBailHook<[C], R | undefined>>,
  mapping: string,
  context: C,
): Promise<R | undefined> {
  return hookFor(family, mapping)?.promise(context);
}

/** Runs a per-mapping Waterfall family over a value, in stage order. */
export async function callWaterfall<V, C>(
  family: HookMap<AsyncSeriesWaterfallHook<[V, C]>>,
  mapping: string,
  value: V,
  context: C,
): Promise<V> {
  const hook = hookFor(family, mapping);
  return hook ? ((await hook.promise(value, context)) as V) : value;
}

/** True when any tap listens on a family for this mapping (lets the engine skip per-record work). */
export function isTapped(family: { get(key: string): { isUsed(): boolean } | undefined }, mapping: string): boolean {
  return !!(family.get(EVERY_MAPPING)?.isUsed() || family.get(mapping)?.isUsed());
}
