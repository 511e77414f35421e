import { statSync, existsSync } from 'node:fs';
import type { SyncJob } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { BenchPair } from './benchPair';
import { microsPerRecord, timed } from './measure';

/** Size of a SQLite database on disk: the file and its write-ahead log. */
export function databaseBytes(file: string): number {
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  return size(file) + size(`${file}-wal`);
}

/** Records a pass went through (created, coupled, updated, unchanged or failed). */
export function recordsOf(job: SyncJob): number {
  return job.inserted + job.modified + job.unchanged + job.coupled + job.failed + job.skipped;
}

export function checkClean(job: SyncJob, expected: number): void {
  if (job.failed > 0 || recordsOf(job) !== expected) {
    throw new Error(`${job.mapping} ${job.direction}: expected ${expected} records, got ${JSON.stringify({ inserted: job.inserted, modified: job.modified, unchanged: job.unchanged, coupled: job.coupled, failed: job.failed, skipped: job.skipped })}`);
  }
}

/**
 * Scenario 1: a full sync of the ERP's customers to CRM accounts over HTTP (the CUSTOMER mapping, toIntegration),
 * and scenario 9: how much the state database (the ERP file) grew, per coupling.
 */
export async function fullToIntegration(pair: BenchPair, customers: number) {
  const requestsBefore = pair.client.stats.requests;
  const bytesBefore = databaseBytes(pair.erpFile);
  const run = await timed(() => pair.host.engine.run(CUSTOMER, { direction: 'toIntegration', full: true }), pair.emulator.pid);
  const job = run.result[0]!;
  checkClean(job, customers);
  const requests = pair.client.stats.requests - requestsBefore;
  return {
    fullToIntegration: {
      records: customers,
      seconds: run.seconds,
      recordsPerSec: customers / run.seconds,
      requestsPer1000: (requests / customers) * 1000,
      peakRssMb: run.peakRssMb,
      cpuMicrosPerRecord: microsPerRecord(run.cpuSeconds, customers),
      emulatorCpuMicrosPerRecord: microsPerRecord(run.emulatorCpuSeconds, customers),
    },
    stateBytesPerCoupling: (databaseBytes(pair.erpFile) - bytesBefore) / customers,
  };
}
