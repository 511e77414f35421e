import { CouplingSchema, SyncStage, type Coupling, type HostServices, type SyncHooks, type SyncJob } from '@tandem/core';
import { SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import { PLUGIN_NAME, SALES_ORDER, SALES_ORDER_LINE } from '../names';
import type { BidirectionalContext } from './BidirectionalContext';

const PAGE = 500;

/**
 * Rule `deletedErpLines` (reference §5.2 SOLINE-ORDERDETAIL, "line deletions remove the line coupling"): after each
 * ERP → CRM pass of SOLINE-ORDERDETAIL, a coupled ERP line that no longer exists, on an ERP order that still exists,
 * removes its CRM line and its coupling. Lines of an order that is gone (posted) are left to the archived-orders job,
 * which knows what was invoiced. Line couplings are read in pages of 500, each page with one ERP query; the CRM lines
 * are deleted in one batch per page. The job counts them as `deleted` and `uncoupled`.
 */
export function deletedErpLines(hooks: SyncHooks, context: BidirectionalContext): void {
  hooks.onJobEnd.for(SALES_ORDER_LINE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, async ({ job, direction }) => {
    if (job.type !== 'synchronization' || direction !== 'toIntegration') return;
    await removeDeletedErpLines(context.services(), job);
  });
}

export async function removeDeletedErpLines(services: HostServices, job: SyncJob): Promise<number> {
  let after = 0;
  let removed = 0;
  for (;;) {
    const em = services.orm.em.fork();
    const page = await em.find(CouplingSchema, { mapping: SALES_ORDER_LINE, id: { $gt: after } }, { orderBy: { id: 'asc' }, limit: PAGE });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    removed += await removePage(services, job, page);
    if (page.length < PAGE) break;
  }
  return removed;
}

async function removePage(services: HostServices, job: SyncJob, page: Coupling[]): Promise<number> {
  const em = services.orm.em.fork();
  const paired = page.filter((c) => c.businessId && c.integrationId);
  const existing = new Set((await em.find(SalesLineSchema, { systemId: { $in: paired.map((c) => c.businessId!) } }, { fields: ['systemId'] })).map((l) => l.systemId));
  const gone = paired.filter((c) => !existing.has(c.businessId!));
  if (gone.length === 0) return 0;
  const crm = services.stores.integration;
  const crmLines = new Map((await crm.getByIds('salesorderdetail', gone.map((c) => c.integrationId!))).map((row) => [row.id, row]));
  const orderIds = [...new Set([...crmLines.values()].map((row) => String(row.values['_salesorderid_value'] ?? '')).filter(Boolean))];
  const orderCouplings = await services.state.couplingsBy(SALES_ORDER, 'integration', orderIds);
  const erpOrders = new Set((await em.find(SalesHeaderSchema, { no: { $in: [...orderCouplings.values()].map((c) => c.businessId!).filter(Boolean) } }, { fields: ['no'] })).map((h) => h.no));
  const toRemove = gone.filter((c) => {
    const line = crmLines.get(c.integrationId!);
    if (!line) return true; // both sides gone: only the coupling is left
    const erpOrder = orderCouplings.get(String(line.values['_salesorderid_value'] ?? ''))?.businessId;
    return erpOrder !== undefined && erpOrder !== null && erpOrders.has(erpOrder);
  });
  if (toRemove.length === 0) return 0;
  const deletions = toRemove.filter((c) => crmLines.has(c.integrationId!));
  const results = deletions.length > 0
    ? await crm.write('salesorderdetail', deletions.map((c) => ({ kind: 'delete' as const, ref: c.integrationId!, id: c.integrationId! })))
    : [];
  const failed = new Set(deletions.filter((_, index) => results[index] && !results[index]!.ok).map((c) => c.id));
  for (const [index, c] of deletions.entries()) {
    const result = results[index];
    if (result && !result.ok) services.logger.warn({ crmLineId: c.integrationId, error: result.error.message }, 'CRM order line of a deleted ERP line not deleted; tried again next run');
  }
  const done = toRemove.filter((c) => !failed.has(c.id));
  job.deleted += deletions.length - failed.size;
  job.uncoupled += done.length;
  await services.state.transaction((_transaction, tx) =>
    services.state.writePage(tx, { couplings: [], removedCouplings: done.map((c) => c.id), errors: [], missingOptions: [], job }));
  return done.length;
}
