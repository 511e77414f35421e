import type { Host } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { microsPerRecord } from './measure';
import { ownCpuSeconds } from './processCpu';

/** The hooks called once (or once per field) for every record of a pass. */
export const PER_RECORD_HOOKS = [
  'onQueryPostFilter', 'onFindUncoupled', 'onBeforeTransform', 'onTransferField', 'onAfterTransform', 'onUpdateConflict',
  'onDeletionConflict', 'onBeforeApplyTemplate', 'onAfterApplyTemplate', 'onBeforeInsert', 'onAfterInsert',
  'onBeforeModify', 'onAfterModify', 'onUnchanged', 'onRecordError', 'onBeforeCouple', 'onAfterCouple',
  'onBeforeUncouple', 'onAfterUncouple',
] as const;

type AnyHook = { tapPromise(name: string, fn: (...args: unknown[]) => Promise<unknown>): void };

/** How many times scenario 5's taps were called (all taps of all hooks together). */
export interface TapCount {
  calls: number;
}

/**
 * Scenario 5's setup: ten no-op taps on every per-record hook of CUSTOMER. Series taps return nothing, bail taps
 * `undefined` (no answer: the next tap decides), the waterfall `onTransferField` passes its value on. Each call is
 * counted (one increment: the taps stay no-ops for what they cost).
 */
export function tapNoOps(host: Host, taps = 10): TapCount {
  const count: TapCount = { calls: 0 };
  const hooks = host.hooks as unknown as Record<string, { for(mapping: string): AnyHook }>;
  for (const name of PER_RECORD_HOOKS) {
    const hook = hooks[name]!.for(CUSTOMER);
    for (let i = 0; i < taps; i++) {
      hook.tapPromise(`bench-no-op-${i}`, name === 'onTransferField'
        ? async (value: unknown) => (count.calls++, value)
        : async () => void count.calls++);
    }
  }
  return count;
}

/**
 * The least CPU per record that `callsPerRecord` awaited calls of an async no-op can cost, whoever makes them: one
 * after another in a bare loop, as a series of taps must run. Measured on `records` records' worth of calls.
 */
export async function asyncCallFloorMicros(callsPerRecord: number, records: number): Promise<number> {
  const calls = Math.round(callsPerRecord * records);
  const noOp = async (value: unknown) => value;
  const before = ownCpuSeconds();
  for (let call = 0; call < calls; call++) await noOp(call);
  return microsPerRecord(ownCpuSeconds() - before, records);
}
