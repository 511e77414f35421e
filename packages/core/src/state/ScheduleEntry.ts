import { EntitySchema } from '@mikro-orm/core';

export type ScheduleStatus = 'ready' | 'running' | 'onHold' | 'onHoldInactivity' | 'error';

/** When a mapping runs next (BC's Job Queue Entry for a mapping); the scheduler reads and advances it. */
export interface ScheduleEntry {
  mapping: string;
  intervalSeconds: number;
  /** With no changes for this long, the entry goes on hold (`onHoldInactivity`) until a business row changes. */
  inactivityTimeoutSeconds: number;
  status: ScheduleStatus;
  nextRunAt: Date | null;
  /** When the last run started. */
  lastRunAt: Date | null;
  /** When a run last changed something (or the first run, when none has yet): the start of the inactivity window. */
  lastChangeAt?: Date | null;
  /** While on hold: the business table's newest modified-on when the entry went on hold; a newer one wakes it. */
  holdMark?: Date | null;
  /** Failed runs in a row (drives the back-off); 0 after a run that did not throw. */
  failureCount?: number;
  /** The last failed run's message, while the status is `error`. */
  lastError?: string | null;
  /** The worker holding the current run, for scale-out leases. */
  leasedBy: string | null;
  leaseExpiresAt: Date | null;
}

export const ScheduleEntrySchema = new EntitySchema<ScheduleEntry>({
  name: 'ScheduleEntry',
  tableName: 'tandem_schedule_entry',
  properties: {
    mapping: { type: 'string', length: 100, primary: true },
    intervalSeconds: { type: 'integer' },
    inactivityTimeoutSeconds: { type: 'integer' },
    status: { type: 'string', length: 20 },
    nextRunAt: { type: 'datetime', nullable: true },
    lastRunAt: { type: 'datetime', nullable: true },
    lastChangeAt: { type: 'datetime', nullable: true },
    holdMark: { type: 'datetime', nullable: true },
    failureCount: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    leasedBy: { type: 'string', length: 100, nullable: true },
    leaseExpiresAt: { type: 'datetime', nullable: true },
  },
});
