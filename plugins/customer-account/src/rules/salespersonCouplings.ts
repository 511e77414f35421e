import type { HostServices, SyncJob } from '@tandem/core';
import { SALESPEOPLE_MAPPING } from '../customerMapping';

/** The salesperson ↔ CRM user pairs, both ways: salesperson code → user id, and user id (lower case) → code. */
export interface SalespersonPairs {
  userOf: Map<string, string>;
  codeOf: Map<string, string>;
}

const byJob = new WeakMap<SyncJob, Promise<SalespersonPairs>>();
/** The pairs once loaded: the rules read them without a promise for the rest of the job. */
const loaded = new WeakMap<SyncJob, SalespersonPairs>();

/**
 * The SALESPEOPLE couplings, loaded once per job (one query) rather than once per customer: the rules that need them
 * run on every record of a page. A salesperson coupled while a CUSTOMER job runs is seen by the next job.
 */
export function salespersonPairs(services: HostServices, job: SyncJob): SalespersonPairs | Promise<SalespersonPairs> {
  const known = loaded.get(job);
  if (known) return known;
  let pairs = byJob.get(job);
  if (!pairs) {
    pairs = services.state.couplings(SALESPEOPLE_MAPPING).then((couplings) => {
      const result: SalespersonPairs = { userOf: new Map(), codeOf: new Map() };
      for (const coupling of couplings) {
        if (!coupling.businessId || !coupling.integrationId) continue;
        result.userOf.set(coupling.businessId, coupling.integrationId);
        result.codeOf.set(coupling.integrationId.toLowerCase(), coupling.businessId);
      }
      loaded.set(job, result);
      return result;
    });
    pairs.catch(() => byJob.delete(job));
    byJob.set(job, pairs);
  }
  return pairs;
}
