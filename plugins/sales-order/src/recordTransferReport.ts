import type { StateStore, SyncJob, SyncJobError } from '@tandem/core';
import { SALES_ORDER } from './names';
import type { TransferReport } from './SalesOrderTransfer';

/**
 * Adds what the automatic transfer did to the SALESORDER-ORDER job it ran after: created orders count as `inserted`,
 * CRM orders updated from the ERP archive (bidirectional mode, `extra.modified`) as `modified`, failed ones as `failed`, each failure a job error (`host.state.errors('SALESORDER-ORDER')`) with its code and the
 * CRM order id as source. So a run's job row tells the whole story, as BC's job log does for CU 5349. Written
 * through the state store, like any page's state (errors capped, counters and errors in one transaction).
 */
export async function recordTransferReport(state: StateStore, job: SyncJob, report: TransferReport, now: Date, extra: { modified?: number } = {}): Promise<void> {
  const created = report.transferred.filter((t) => t.created).length;
  const modified = extra.modified ?? 0;
  if (created === 0 && report.failed.length === 0 && modified === 0) return;
  const errors: Omit<SyncJobError, 'id'>[] = report.failed.map((failure) => ({
    jobId: job.id, mapping: SALES_ORDER, sourceId: failure.crmOrderId, destinationId: null,
    message: failure.message, stack: null, errorClass: failure.errorClass, code: failure.code, createdAt: now,
  }));
  job.inserted += created;
  job.modified += modified;
  job.failed += report.failed.length;
  await state.transaction((_transaction, em) => state.writePage(em, { couplings: [], removedCouplings: [], errors, missingOptions: [], job }));
}
