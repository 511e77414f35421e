import type { HostServices, PageCommitContext } from '@tandem/core';
import { SalesPriceSchema } from '@tandem/erp';
import { CUSTOMER_PRICE_GROUP, SALESPRC_PRODPRICE } from './constants';

/** Group outcomes after which the group's prices are re-sent (BC: after insert, modify and unchanged). */
const RESYNC_AFTER = new Set(['insert', 'modify', 'unchanged', 'couple']);

/**
 * After a page of CUSTPRCGRP-PRICE is committed: the coupled prices of every group that was created, changed or
 * found unchanged are marked `pending`, so the next SALESPRC-PRODPRICE run sends them again (their price list may be
 * new, or a price list item may have been edited in the CRM). Prices not yet coupled need nothing: a run creates them.
 * Returns how many price couplings were marked.
 */
export async function resyncGroupPrices(services: HostServices, ctx: PageCommitContext): Promise<number> {
  const groups = [...new Set(ctx.outcomes.filter((o) => RESYNC_AFTER.has(o.action)).map((o) => o.sourceId))];
  if (groups.length === 0) return 0;
  const prices = await services.orm.em.fork().find(
    SalesPriceSchema,
    { salesType: CUSTOMER_PRICE_GROUP, salesCode: { $in: groups } },
    { fields: ['systemId'], disableIdentityMap: true },
  );
  if (prices.length === 0) return 0;
  const priceIds = new Set(prices.map((p) => p.systemId));
  const couplings = (await services.state.couplings(SALESPRC_PRODPRICE)).filter(
    (c) => c.businessId && c.integrationId && priceIds.has(c.businessId),
  );
  await services.state.markForResync(SALESPRC_PRODPRICE, 'toIntegration', couplings.map((c) => c.id));
  return couplings.length;
}
