import type { StateStore, SyncJob } from '@tandem/core';
import { recordJobOutcome } from '@tandem/plugin-sales-order';
import { SALES_QUOTE } from './names';
import type { QuoteReport } from './QuoteReport';

/**
 * Adds what the automatic quote processing did to the SALESQUOTE-QUOTE job it ran after: created ERP quotes count as
 * `inserted`, revised ones as `modified`, failures as `failed`, each a job error (`host.state.errors('SALESQUOTE-QUOTE')`)
 * with its code and the CRM quote id as source (through the sales-order plugin's `recordJobOutcome`). Orders made
 * from won quotes are counted by SALESORDER-ORDER's couplings.
 */
export async function recordQuoteReport(state: StateStore, job: SyncJob, report: QuoteReport, now: Date): Promise<void> {
  await recordJobOutcome(state, job, SALES_QUOTE, {
    inserted: report.quotes.filter((q) => q.action === 'created').length,
    modified: report.quotes.filter((q) => q.action === 'revised').length,
    failed: report.failed.map((failure) => ({ sourceId: failure.crmQuoteId, message: failure.message, code: failure.code, errorClass: failure.errorClass })),
  }, now);
}
