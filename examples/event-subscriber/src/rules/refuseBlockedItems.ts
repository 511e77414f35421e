import { SyncStage, type SyncHooks } from '@tandem/core';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';

/**
 * A blocked item never goes to the CRM, not even when it already has a product. (The plugin's own rule leaves out
 * only blocked items without a product; a coupled one travels so its product is retired. This host retires products
 * by hand instead.) Ignored, not failed: once unblocked, the item travels again on the next run.
 */
export function refuseBlockedItems(hooks: SyncHooks, tap: string): void {
  hooks.onQueryPostFilter.for(ITEM_PRODUCT).tap({ name: tap, stage: SyncStage.VALIDATE }, (ctx) =>
    ctx.direction === 'toIntegration' && ctx.source.values.blocked === true ? true : undefined,
  );
}
