import { EntitySchema } from '@mikro-orm/core';
import type { ErrorClass } from '../errors/ErrorClass';

/** One record that failed in a job. */
export interface SyncJobError {
  id: number;
  jobId: string;
  mapping: string;
  sourceId: string | null;
  destinationId: string | null;
  message: string;
  stack: string | null;
  errorClass: ErrorClass;
  /** The stable code of the error (e.g. TANDEM_HOOK_FAILED), when it has one. */
  code: string | null;
  createdAt: Date;
}

export const SyncJobErrorSchema = new EntitySchema<SyncJobError>({
  name: 'SyncJobError',
  tableName: 'tandem_sync_job_error',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    jobId: { type: 'string', length: 36, index: true },
    mapping: { type: 'string', length: 100, index: true },
    sourceId: { type: 'string', length: 255, nullable: true },
    destinationId: { type: 'string', length: 255, nullable: true },
    message: { type: 'text' },
    stack: { type: 'text', nullable: true },
    errorClass: { type: 'string', length: 20 },
    code: { type: 'string', length: 60, nullable: true },
    createdAt: { type: 'datetime' },
  },
});
