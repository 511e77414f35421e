import { AsyncSeriesHook } from 'tapable';
import { guardTaps } from '@tandem/core';
import type { ArchivedSalesDocumentContext, PostSalesOrderContext, PostedSalesOrderContext, ReleasedSalesOrderContext } from './SalesOrderContexts';

/**
 * The ERP's own hooks, for other plugins to tap (webpack style: one frozen object of tapable hooks). A tap that
 * throws becomes a `HookError` (`TANDEM_HOOK_FAILED`) naming the hook and the tap.
 *
 * | Hook | Raised | Inside the transaction | A throwing tap |
 * |---|---|---|---|
 * | `afterReleaseSalesOrder` | an order went Open → Released | yes | undoes the release |
 * | `beforePostSalesOrder` | checks passed, nothing written yet | yes | stops the post |
 * | `afterPostSalesOrder` | invoice written, order deleted | yes | rolls the whole post back |
 * | `afterPostSalesOrderCommit` | the post is committed | no | the post stays; the error reaches the caller |
 * | `afterArchiveSalesDocument` | a quote or order version was archived (on demand, or by posting with Archive Orders) | yes | undoes the archiving (and the post) |
 */
export interface SalesOrderHooks {
  readonly afterReleaseSalesOrder: AsyncSeriesHook<[ReleasedSalesOrderContext]>;
  readonly beforePostSalesOrder: AsyncSeriesHook<[PostSalesOrderContext]>;
  readonly afterPostSalesOrder: AsyncSeriesHook<[PostedSalesOrderContext]>;
  readonly afterPostSalesOrderCommit: AsyncSeriesHook<[PostedSalesOrderContext]>;
  readonly afterArchiveSalesDocument: AsyncSeriesHook<[ArchivedSalesDocumentContext]>;
}

export function createSalesOrderHooks(): SalesOrderHooks {
  return Object.freeze({
    afterReleaseSalesOrder: guardTaps('afterReleaseSalesOrder', new AsyncSeriesHook<[ReleasedSalesOrderContext]>(['context'])),
    beforePostSalesOrder: guardTaps('beforePostSalesOrder', new AsyncSeriesHook<[PostSalesOrderContext]>(['context'])),
    afterPostSalesOrder: guardTaps('afterPostSalesOrder', new AsyncSeriesHook<[PostedSalesOrderContext]>(['context'])),
    afterPostSalesOrderCommit: guardTaps('afterPostSalesOrderCommit', new AsyncSeriesHook<[PostedSalesOrderContext]>(['context'])),
    afterArchiveSalesDocument: guardTaps('afterArchiveSalesDocument', new AsyncSeriesHook<[ArchivedSalesDocumentContext]>(['context'])),
  });
}

const hooksByOwner = new WeakMap<object, SalesOrderHooks>();

/**
 * The hooks belonging to `owner`, created on first use (as webpack's `getCompilationHooks`). A plugin taps them at
 * register time with the host's hooks object as owner — `getSalesOrderHooks(registry.hooks)` — and the host builds
 * its service with the same owner — `new SalesOrderService(orm, { hooks: getSalesOrderHooks(host.hooks) })`.
 */
export function getSalesOrderHooks(owner: object): SalesOrderHooks {
  let hooks = hooksByOwner.get(owner);
  if (!hooks) hooksByOwner.set(owner, (hooks = createSalesOrderHooks()));
  return hooks;
}
