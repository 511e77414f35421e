/** min / median / max of one figure over the runs. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

type Figures = Record<string, Record<string, number> | number>;

/** Turns one object of figures per run into the same shape with a Spread in place of every number. */
export function summarize(runs: readonly Figures[]): Record<string, Record<string, Spread> | Spread> {
  const first = runs[0]!;
  const out: Record<string, Record<string, Spread> | Spread> = {};
  for (const [key, value] of Object.entries(first)) {
    if (typeof value === 'number') out[key] = spread(runs.map((run) => run[key] as number));
    else out[key] = Object.fromEntries(Object.keys(value).map((figure) => [figure, spread(runs.map((run) => (run[key] as Record<string, number>)[figure]!))]));
  }
  return out;
}
