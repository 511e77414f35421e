/**
 * Counters the emulator keeps while it runs, for tests to assert on (`emulator.stats`). Only Web API requests
 * (`/api/data/...`) are counted in `requests`, `inFlight` and `maxConcurrent`; a `$batch` is one request.
 */
export interface EmulatorStats {
  /** Web API requests received, including rejected ones. */
  requests: number;
  /** Token endpoint requests. */
  tokenRequests: number;
  /** Web API requests being handled right now. */
  inFlight: number;
  /** The largest `inFlight` seen since start (or the last `resetStats()`). */
  maxConcurrent: number;
  /** Requests answered `401`. */
  unauthorized: number;
  /** Requests answered `429` by the throttle knob. */
  throttled: number;
  /** Injected faults answered before the request was applied (no effect). */
  faultsBeforeApply: number;
  /** Injected faults answered after the request was applied (the write happened). */
  faultsAfterApply: number;
  /** Connections dropped before the request was applied. */
  dropsBeforeApply: number;
  /** Connections dropped after the request was applied. */
  dropsAfterApply: number;
  /** Operations executed inside `$batch` requests. */
  batchOperations: number;
  /** Rows created, updated and deleted (committed). */
  rowsCreated: number;
  rowsUpdated: number;
  rowsDeleted: number;
  /** Response count per HTTP status. */
  byStatus: Record<number, number>;
}

export function createStats(): EmulatorStats {
  return {
    requests: 0,
    tokenRequests: 0,
    inFlight: 0,
    maxConcurrent: 0,
    unauthorized: 0,
    throttled: 0,
    faultsBeforeApply: 0,
    faultsAfterApply: 0,
    dropsBeforeApply: 0,
    dropsAfterApply: 0,
    batchOperations: 0,
    rowsCreated: 0,
    rowsUpdated: 0,
    rowsDeleted: 0,
    byStatus: {},
  };
}

/** Zero every counter except `inFlight`, which describes requests still running. */
export function resetStats(stats: EmulatorStats): void {
  const inFlight = stats.inFlight;
  Object.assign(stats, createStats(), { inFlight, maxConcurrent: inFlight });
}
