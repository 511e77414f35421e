import { TandemError, type HostServices, type PluginJobContext } from '@tandem/core';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { OVERLAP_MS } from './constants';
import { itemsWithLedgerActivity } from './itemsWithLedgerActivity';

/**
 * One run of ITEM-AVAILABILITY (BC's CU 5356): items whose inventory changed through item ledger entries since the
 * watermark — which does not move the item's `modifiedAt`, so ITEM-PRODUCT would not see it — are marked for a new
 * `toIntegration` sync in ITEM-PRODUCT (`state.markForResync`, only coupled, not skipped items), and ITEM-PRODUCT runs
 * at once in that direction: its retry-first pass takes exactly those couplings, compares every field and writes what
 * differs (the product's `quantityonhand`). The first run starts at ITEM-PRODUCT's own watermark, as BC's does.
 */
export async function runItemAvailability(services: HostServices, context: PluginJobContext, pageSize: number): Promise<void> {
  const { state, engine, orm } = services;
  const start = context.watermark ?? fromStored((await state.mappingState(ITEM_PRODUCT))?.toIntegrationCursor?.modifiedOn);
  const since = start ? new Date(start.getTime() - OVERLAP_MS) : null;
  // The next run starts at this run's start (the default watermark), less the overlap.
  const activity = await itemsWithLedgerActivity(orm.em.fork(), since, pageSize);
  if (activity.itemNos.size === 0) return;

  const couplings = await state.couplingsBy(ITEM_PRODUCT, 'business', [...activity.itemNos]);
  const marked = [...couplings.values()].filter((c) => c.integrationId && !c.skipped);
  if (marked.length === 0 || context.signal.aborted) return;
  await state.markForResync(ITEM_PRODUCT, 'toIntegration', marked.map((c) => c.id));

  // Busy (ITEM-PRODUCT running elsewhere) fails this run; the marks stay, so that run or the next one sends them.
  const [job] = await engine.run(ITEM_PRODUCT, { direction: 'toIntegration', signal: context.signal });
  if (!job) return;
  context.counters.modified += job.modified;
  context.counters.unchanged += job.unchanged;
  context.counters.skipped += job.skipped;
  const ours = new Set(marked.map((c) => c.businessId));
  // The items of ours that failed there are failures of this run too, with ITEM-PRODUCT's code and message.
  for (const error of await state.errors(ITEM_PRODUCT, { jobId: job.id })) {
    if (!error.sourceId || !ours.has(error.sourceId)) continue;
    const code = (error.code ?? 'TANDEM_WRITE_FAILED') as `TANDEM_${string}`;
    context.fail(error.sourceId, new TandemError(code, `ITEM-PRODUCT: ${error.message}`, { errorClass: error.errorClass }), error.destinationId);
  }
}

function fromStored(iso: string | undefined): Date | null {
  return iso ? new Date(iso) : null;
}
