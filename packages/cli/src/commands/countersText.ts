import type { JobCounters } from '@tandem/core';

const ORDER = ['inserted', 'modified', 'deleted', 'coupled', 'uncoupled', 'unchanged', 'skipped', 'failed'] as const;

/** The counters of a job that are not zero, as words (`7 inserted, 1 failed`), or `nothing to do`. */
export function countersText(counters: JobCounters): string {
  const parts = ORDER.filter((key) => counters[key] > 0).map((key) => `${counters[key]} ${key}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}
