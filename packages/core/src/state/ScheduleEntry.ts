import { EntitySchema } from '@mikro-orm/core';

export type ScheduleStatus = 'ready' | 'running' | 'onHold' | 'onHoldInactivity' | 'error';

/** When a mapping runs next (BC's Job Queue Entry for a mapping); the scheduler reads and advances it. */
export interface ScheduleEntry {
  mapping: string;
  intervalSeconds: number;
  /** After an idle run, wait this long before the next one; 0 disables the back-off. */
  inactivityTimeoutSeconds: number;
  status: ScheduleStatus;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
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
    leasedBy: { type: 'string', length: 100, nullable: true },
    leaseExpiresAt: { type: 'datetime', nullable: true },
  },
});
