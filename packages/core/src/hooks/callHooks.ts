import type { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, HookMap } from 'tapable';
import { EVERY_MAPPING } from './SyncStage';

/** Runs a per-mapping Series family: the every-mapping taps, then the mapping's own. */
export async function callSeries<C>(family: HookMap<AsyncSeriesHook<[C]>>, mapping: string, context: C): Promise<void> {
  const every = family.get(EVERY_MAPPING);
  if (every?.isUsed()) await every.promise(context);
  const own = family.get(mapping);
  if (own?.isUsed()) await own.promise(context);
}

/** Runs a per-mapping Bail family: the first answer (every-mapping taps first) wins. */
export async function callBail<C, R>(
  family: HookMap<AsyncSeriesBailHook<[C], R | undefined>>,
  mapping: string,
  context: C,
): Promise<R | undefined> {
  const every = family.get(EVERY_MAPPING);
  if (every?.isUsed()) {
    const answer = await every.promise(context);
    if (answer !== undefined) return answer;
  }
  const own = family.get(mapping);
  return own?.isUsed() ? own.promise(context) : undefined;
}

/** Runs a per-mapping Waterfall family over a value. */
export async function callWaterfall<V, C>(
  family: HookMap<AsyncSeriesWaterfallHook<[V, C]>>,
  mapping: string,
  value: V,
  context: C,
): Promise<V> {
  let current = value;
  const every = family.get(EVERY_MAPPING);
  if (every?.isUsed()) current = (await every.promise(current, context)) as V;
  const own = family.get(mapping);
  if (own?.isUsed()) current = (await own.promise(current, context)) as V;
  return current;
}

/** True when any tap listens on a family for this mapping (lets the engine skip per-record work). */
export function isTapped(family: { get(key: string): { isUsed(): boolean } | undefined }, mapping: string): boolean {
  return !!(family.get(EVERY_MAPPING)?.isUsed() || family.get(mapping)?.isUsed());
}
