import type { SyncHooks } from '../hooks/SyncHooks';

/**
 * Hooks a plugin offers to other plugins, one set per host (as webpack's `getCompilationHooks`). The owner is the
 * host's `SyncHooks` object (`registry.hooks`, `TOKENS.hooks`), so two hosts in one process never share taps.
 *
 *   export const getErpHooks = createHooksRegistry(() => ({ afterPostSalesOrder: new AsyncSeriesHook<[PostedOrder]>(['order']) }));
 *   getErpHooks(registry.hooks).afterPostSalesOrder.tap('invoice-plugin', (order) => …);   // another plugin taps
 *   await getErpHooks(this.hooks).afterPostSalesOrder.promise(order);                        // the ERP plugin calls
 */
export function createHooksRegistry<T extends object>(factory: () => T): (owner: SyncHooks) => T {
  const byOwner = new WeakMap<SyncHooks, T>();
  return (owner) => {
    let hooks = byOwner.get(owner);
    if (!hooks) byOwner.set(owner, (hooks = Object.freeze(factory())));
    return hooks;
  };
}
