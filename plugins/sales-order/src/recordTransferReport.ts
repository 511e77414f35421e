import type { StateStore, SyncJob } from '@tandem/core';
import { SALES_ORDER } from './names';
import { recordJobOutcome } from './recordJobOutcome';
import type { TransferReport } from './SalesOrderTransfer';

/**
 * Adds what the automatic transfer did to the SALESORDER-ORDER job it ran after: created orders count as `inserted`,
 * CRM orders updated from the ERP archive (bidirectional mode, `extra.modified`) as `modified`, failed ones as `failed`, each failure a job error (`host.state.errors('SALESORDER-ORDER')`) with its code and the
 * CRM order id as source. So a run's job row tells the whole story, as BC's job log does for CU 5349. Written
 * through the state store, like any page's state (errors capped, counters and errors in one transaction).
 */
export async function recordTransferReport(state: StateStore, job: SyncJob, report: TransferReport, now: Date, extra: { modified?: number } = {}): Promise<void> {
  await recordJobOutcome(state, job, SALES_ORDER, {
    inserted: report.transferred.filter((t) => t.created).length,
    modified: extra.modified ?? 0,
    failed: report.failed.map((failure) => ({ sourceId: failure.crmOrderId, message: failure.message, code: failure.code, errorClass: failure.errorClass })),
  }, now);
}
