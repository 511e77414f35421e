import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { emptyCounters, newCoupling, type Logger, type Row, type StateStore, type SyncJob } from '@tandem/core';
import { SalesLineSchema } from '@tandem/erp';
import { SALES_ORDER_LINE } from '../names';

/**
 * Couples the lines of a CRM order to the lines of the ERP order made from it (SOLINE-ORDERDETAIL), in one state
 * transaction: the n-th CRM line (in `sequencenumber` order, the order the transfer created them in) to the n-th ERP
 * line (by line no.). Lines coupled already are left alone, so a repeated transfer couples nothing twice. The
 * couplings have no stamps yet: the next SOLINE-ORDERDETAIL pass compares each pair and settles it (it writes the
 * ERP line no. and the computed values to the CRM line). Recorded as one `coupling` job of SOLINE-ORDERDETAIL.
 */
export async function coupleOrderLines(
  deps: { orm: MikroORM; state: StateStore; logger: Logger; now: Date },
  erpOrderNo: string,
  crmLines: readonly Row[],
): Promise<number> {
  const erpLines = await deps.orm.em.fork().find(SalesLineSchema, { documentType: 'Order', documentNo: erpOrderNo }, { orderBy: { lineNo: 'asc' } });
  if (erpLines.length !== crmLines.length) {
    // Someone changed the ERP order between creation and coupling: leave the lines to the line mapping's own runs.
    deps.logger.warn({ erpOrderNo, erpLines: erpLines.length, crmLines: crmLines.length }, 'order lines not coupled: the line counts differ');
    return 0;
  }
  const byBusiness = await deps.state.couplingsBy(SALES_ORDER_LINE, 'business', erpLines.map((l) => l.systemId));
  const byIntegration = await deps.state.couplingsBy(SALES_ORDER_LINE, 'integration', crmLines.map((l) => l.id));
  const couplings = erpLines
    .map((line, index) => ({ businessId: line.systemId, integrationId: crmLines[index]!.id }))
    .filter((pair) => !byBusiness.has(pair.businessId) && !byIntegration.has(pair.integrationId))
    .map((pair) => newCoupling(SALES_ORDER_LINE, pair, deps.now));
  if (couplings.length === 0) return 0;
  const job: SyncJob = {
    ...emptyCounters(), id: randomUUID(), mapping: SALES_ORDER_LINE, direction: 'toIntegration', type: 'coupling',
    startedAt: deps.now, finishedAt: deps.now, message: `lines of ERP order ${erpOrderNo}`, coupled: couplings.length,
  };
  for (const coupling of couplings) coupling.lastJobId = job.id;
  await deps.state.insertJob(job);
  await deps.state.transaction((_transaction, em) => deps.state.writePage(em, { couplings, removedCouplings: [], errors: [], missingOptions: [], job }));
  return couplings.length;
}
