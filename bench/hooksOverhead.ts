import type { Host } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';

/** The hooks called once (or once per field) for every record of a pass. */
export const PER_RECORD_HOOKS = [
  'onQueryPostFilter', 'onFindUncoupled', 'onBeforeTransform', 'onTransferField', 'onAfterTransform', 'onUpdateConflict',
  'onDeletionConflict', 'onBeforeApplyTemplate', 'onAfterApplyTemplate', 'onBeforeInsert', 'onAfterInsert',
  'onBeforeModify', 'onAfterModify', 'onUnchanged', 'onRecordError', 'onBeforeCouple', 'onAfterCouple',
  'onBeforeUncouple', 'onAfterUncouple',
] as const;

type AnyHook = { tapPromise(name: string, fn: (...args: unknown[]) => Promise<unknown>): void };

/**
 * Scenario 5's setup: ten no-op taps on every per-record hook of CUSTOMER. Series taps return nothing, bail taps
 * `undefined` (no answer: the next tap decides), the waterfall `onTransferField` passes its value on.
 */
export function tapNoOps(host: Host, taps = 10): void {
  const hooks = host.hooks as unknown as Record<string, { for(mapping: string): AnyHook }>;
  for (const name of PER_RECORD_HOOKS) {
    const hook = hooks[name]!.for(CUSTOMER);
    for (let i = 0; i < taps; i++) {
      hook.tapPromise(`bench-no-op-${i}`, name === 'onTransferField' ? async (value: unknown) => value : async () => undefined);
    }
  }
}
