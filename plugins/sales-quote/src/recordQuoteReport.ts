import type { StateStore, SyncJob, SyncJobError } from '@tandem/core';
import { SALES_QUOTE } from './names';
import type { QuoteReport } from './QuoteReport';

/**
 * Adds what the automatic quote processing did to the SALESQUOTE-QUOTE job it ran after: created ERP quotes count as
 * `inserted`, revised ones as `modified`, failures as `failed`, each a job error (`host.state.errors('SALESQUOTE-QUOTE')`)
 * with its code and the CRM quote id as source. Orders made from won quotes are counted by SALESORDER-ORDER's couplings.
 */
export async function recordQuoteReport(state: StateStore, job: SyncJob, report: QuoteReport, now: Date): Promise<void> {
  const created = report.quotes.filter((q) => q.action === 'created').length;
  const revised = report.quotes.filter((q) => q.action === 'revised').length;
  if (created === 0 && revised === 0 && report.failed.length === 0) return;
  const errors: Omit<SyncJobError, 'id'>[] = report.failed.map((failure) => ({
    jobId: job.id, mapping: SALES_QUOTE, sourceId: failure.crmQuoteId, destinationId: null,
    message: failure.message, stack: null, errorClass: failure.errorClass, code: failure.code, createdAt: now,
  }));
  job.inserted += created;
  job.modified += revised;
  job.failed += report.failed.length;
  await state.transaction((_transaction, em) => state.writePage(em, { couplings: [], removedCouplings: [], errors, missingOptions: [], job }));
}
