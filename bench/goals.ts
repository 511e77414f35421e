/** The goals of issue 8, by scenario and figure, as printed next to the measured figures. */
export const GOALS: Record<string, string> = {
  'fullToIntegration.recordsPerSec': '≥ 10 000',
  'fullToIntegration.requestsPer1000': '≤ 2',
  'fullToIntegration.peakRssMb': '≤ 300 at N = 1 000 000, flat in N',
  'fullFromIntegration.recordsPerSec': '≥ 10 000',
  'fullFromIntegration.peakRssMb': '≤ 300 at N = 1 000 000, flat in N',
  'idle.ms': '≤ 200 whatever N',
  'idle.requests': '≤ 4 whatever N',
  'stateBytesPerCoupling': '≤ 400',
  'ratioVsNaive': '≥ 20',
  'ratioVsBatched': '≥ 1.0',
  'ratioVsRaw': '≥ 0.25',
  'incremental.ratio': '≤ 1.2',
  'hooksOverhead.ratio': '≤ 1.10',
  'latency.p95Ms': '≤ 2 000',
};
