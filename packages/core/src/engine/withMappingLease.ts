import type { HeldLease } from '../state/MappingLease';
import { findMapping, type SyncEnvironment } from './SyncEnvironment';

/** How an engine call gets the lease of its mapping (`RunOptions.waitMs`, `RunOptions.lease`). */
export interface LeaseWaitOptions {
  /** Wait up to this long for a running mapping to finish (default 0: fail at once with TANDEM_MAPPING_BUSY). */
  waitMs?: number;
  /**
   * Run under a lease the caller already holds: the one `leases.hold(mapping, …, (lease) => …)` hands its work (a
   * worker's own hold, a plugin's). It must be held right now by this host, for this mapping
   * (TANDEM_LEASE_NOT_HELD otherwise). Without it the call takes the lease itself, and waits for (or is refused by) any
   * holder — also one in this process.
   */
  lease?: HeldLease;
}

/**
 * Runs `work` while holding the lease of a mapping (see MappingLeases.hold), or under the caller's own lease when it
 * passes one (`options.lease`). The engine's own nested calls (`couple(…, { syncDirection })` synchronizing the pair)
 * run inside the lease they are already under without coming back here.
 */
export async function withMappingLease<T>(
  env: SyncEnvironment,
  name: string,
  options: LeaseWaitOptions,
  work: (lease: HeldLease | undefined) => Promise<T>,
): Promise<T> {
  findMapping(env, name); // an unknown mapping fails before any lease row is written
  const leases = env.leases;
  if (!leases) return work(undefined);
  return leases.runUnder(name, options, work);
}
