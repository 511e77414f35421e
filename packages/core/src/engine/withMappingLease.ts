import { AsyncLocalStorage } from 'node:async_hooks';
import type { MappingLeases } from '../state/MappingLeases';
import { findMapping, type SyncEnvironment } from './SyncEnvironment';

/** How long an engine call waits for a mapping another run holds (`RunOptions.waitMs`). */
export interface LeaseWaitOptions {
  /** Wait up to this long for a running mapping to finish (default 0: fail at once with TANDEM_MAPPING_BUSY). */
  waitMs?: number;
}

/** The leases the current async call chain holds, so a nested call for the same mapping does not wait for itself. */
const held = new AsyncLocalStorage<readonly { leases: MappingLeases; mapping: string }[]>();

/**
 * Runs `work` while holding the lease of a mapping (see MappingLeases.hold). Re-entrant: `couple(…, { syncDirection })`
 * calling `syncRecord`, or a tap calling the engine for the mapping it runs in, reuses the lease it is already under.
 */
export async function withMappingLease<T>(env: SyncEnvironment, name: string, options: LeaseWaitOptions, work: () => Promise<T>): Promise<T> {
  findMapping(env, name); // an unknown mapping fails before any lease row is written
  const leases = env.leases;
  const current = held.getStore() ?? [];
  if (!leases || current.some((h) => h.leases === leases && h.mapping === name)) return work();
  return leases.hold(name, { ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}) }, () =>
    held.run([...current, { leases, mapping: name }], work),
  );
}
