import type { MikroORM } from '@mikro-orm/core';
import { SyncJobErrorSchema, SyncJobSchema, type SyncJob } from '@tandem/core';
import { SALES_ORDER } from './names';
import type { TransferReport } from './SalesOrderTransfer';

/**
 * Adds what the automatic transfer did to the SALESORDER-ORDER job it ran after: created orders count as `inserted`,
 * failed ones as `failed`, each failure a job error (`host.state.errors('SALESORDER-ORDER')`) with its code and the
 * CRM order id as source. So a run's job row tells the whole story, as BC's job log does for CU 5349.
 */
export async function recordTransferReport(orm: MikroORM, job: SyncJob, report: TransferReport, now: Date): Promise<void> {
  const created = report.transferred.filter((t) => t.created).length;
  if (created === 0 && report.failed.length === 0) return;
  const em = orm.em.fork();
  await em.transactional(async (tx) => {
    for (const failure of report.failed) {
      await tx.insert(SyncJobErrorSchema, {
        jobId: job.id, mapping: SALES_ORDER, sourceId: failure.crmOrderId, destinationId: null,
        message: failure.message, stack: null, errorClass: failure.errorClass, code: failure.code, createdAt: now,
      } as never);
    }
    await tx.nativeUpdate(SyncJobSchema, { id: job.id }, { inserted: job.inserted + created, failed: job.failed + report.failed.length });
  });
  job.inserted += created;
  job.failed += report.failed.length;
}
