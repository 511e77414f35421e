import { findMapping, type SyncEnvironment } from './SyncEnvironment';

/** How long an engine call waits for a mapping another run holds (`RunOptions.waitMs`). */
export interface LeaseWaitOptions {
  /** Wait up to this long for a running mapping to finish (default 0: fail at once with TANDEM_MAPPING_BUSY). */
  waitMs?: number;
}

/**
 * Runs `work` while holding the lease of a mapping (see MappingLeases.hold). Re-entrant: `couple(…, { syncDirection })`
 * calling `syncRecord`, a tap calling the engine for the mapping it runs in, or a worker's own `leases.hold`, reuse
 * the lease the call chain is already under.
 */
export async function withMappingLease<T>(env: SyncEnvironment, name: string, options: LeaseWaitOptions, work: () => Promise<T>): Promise<T> {
  findMapping(env, name); // an unknown mapping fails before any lease row is written
  const leases = env.leases;
  if (!leases || leases.isHeldHere(name)) return work();
  return leases.hold(name, options.waitMs !== undefined ? { waitMs: options.waitMs } : {}, () => work());
}
