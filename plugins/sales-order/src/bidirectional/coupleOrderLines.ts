import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { emptyCounters, newCoupling, type Logger, type Row, type StateStore, type SyncJob, type TableStore } from '@tandem/core';
import { Dec, SalesLineSchema, type SalesLine } from '@tandem/erp';
import { SALES_ORDER_LINE } from '../names';
import { salesOrderErrors } from '../salesOrderErrors';
import { CRM_LINE_PRODUCT } from './salesLineMapping';

/**
 * Couples the lines of a CRM order to the lines of the ERP order made from it (SOLINE-ORDERDETAIL), in one state
 * transaction: the n-th CRM line (in `sequencenumber` order, the order the transfer created them in) to the n-th ERP
 * line (by line no.). Lines coupled already are left alone, so a repeated transfer couples nothing twice. Recorded
 * as one `coupling` job of SOLINE-ORDERDETAIL.
 *
 * Then the CRM lines are reset to the ERP's values (BC: "lines are reset both ways" after the transfer) in one batch:
 * the ERP line no., the amounts the ERP computed (discount, tax) and the constants of the line mapping. A fresh
 * coupling has no last-synced values, so a value that differed on the two sides would count as changed on both and
 * be an update conflict; after the reset both sides agree and the next SOLINE-ORDERDETAIL pass only stamps them.
 */
export async function coupleOrderLines(
  deps: { orm: MikroORM; state: StateStore; crm: TableStore; logger: Logger; now: Date },
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
  const reset = erpLines.filter((line) => couplings.some((c) => c.businessId === line.systemId));
  const results = await deps.crm.write('salesorderdetail', reset.map((line, index) => ({
    kind: 'update' as const, ref: couplings[index]!.integrationId!, id: couplings[index]!.integrationId!, values: crmLineValues(line),
  })));
  const refused = results.find((r) => !r.ok);
  if (refused && !refused.ok) throw salesOrderErrors.crmWriteFailed(`reset the lines of CRM order for ERP order ${erpOrderNo}`, refused.error);
  const job: SyncJob = {
    ...emptyCounters(), id: randomUUID(), mapping: SALES_ORDER_LINE, direction: 'toIntegration', type: 'coupling',
    startedAt: deps.now, finishedAt: deps.now, message: `lines of ERP order ${erpOrderNo}`, coupled: couplings.length,
  };
  for (const coupling of couplings) coupling.lastJobId = job.id;
  await deps.state.insertJob(job);
  await deps.state.transaction((_transaction, em) => deps.state.writePage(em, { couplings, removedCouplings: [], errors: [], missingOptions: [], job }));
  return couplings.length;
}

/** What the line mapping sends to the CRM for an ERP line, besides the product and the order (equal already). */
export function crmLineValues(line: Pick<SalesLine, 'lineNo' | 'quantity' | 'unitPrice' | 'lineDiscountAmount' | 'amount' | 'amountIncludingVat' | 'shipmentDate'>): Record<string, unknown> {
  return {
    businesscentrallinenumber: line.lineNo,
    quantity: Number(line.quantity),
    priceperunit: Number(line.unitPrice),
    manualdiscountamount: Number(line.lineDiscountAmount),
    tax: Number(Dec.of(line.amountIncludingVat).minus(Dec.of(line.amount)).toString()),
    requestdeliveryby: line.shipmentDate ?? null,
    producttypecode: CRM_LINE_PRODUCT,
    ispriceoverridden: true,
  };
}
