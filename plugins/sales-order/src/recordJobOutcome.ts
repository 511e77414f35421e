import type { ErrorClass, StateStore, SyncJob, SyncJobError } from '@tandem/core';

/** One record an after-run pass failed on, as a job error: the CRM id as source, with its code and class. */
export interface JobOutcomeFailure {
  sourceId: string;
  message: string;
  code: string;
  errorClass: ErrorClass;
}

/** What an after-run pass did, in a job's counters. */
export interface JobOutcome {
  inserted: number;
  modified: number;
  failed: readonly JobOutcomeFailure[];
}

/**
 * Adds what a pass that runs after a mapping's job (the automatic order transfer, the quote processing) did to that
 * job: its counters, and each failure as a job error of the mapping. Written through the state store, like any
 * page's state (errors capped, counters and errors in one transaction); a pass that did nothing writes nothing.
 */
export async function recordJobOutcome(state: StateStore, job: SyncJob, mapping: string, outcome: JobOutcome, now: Date): Promise<void> {
  if (outcome.inserted === 0 && outcome.modified === 0 && outcome.failed.length === 0) return;
  const errors: Omit<SyncJobError, 'id'>[] = outcome.failed.map((failure) => ({
    jobId: job.id, mapping, sourceId: failure.sourceId, destinationId: null,
    message: failure.message, stack: null, errorClass: failure.errorClass, code: failure.code, createdAt: now,
  }));
  job.inserted += outcome.inserted;
  job.modified += outcome.modified;
  job.failed += outcome.failed.length;
  await state.transaction((_transaction, em) => state.writePage(em, { couplings: [], removedCouplings: [], errors, missingOptions: [], job }));
}
