import type { Host } from '@tandem/core';
import { CustomerSchema, SalespersonSchema } from '@tandem/erp';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import type { PeerSource } from './peerRows';

/**
 * The rows scenarios 6 and 7 send, read from the ERP (not timed). A function of its own so the entity manager that
 * loaded them (its identity map holds every customer) is let go when it returns: kept in a suspended frame of
 * `runOnce`, it held N customer entities through scenario 2 (its peak at N = 100 000: 880 MB in the full run
 * against 335 MB alone).
 */
export async function peerSource(host: Host): Promise<PeerSource> {
  const em = host.orm.em.fork();
  const ownerOf = new Map<string, string>();
  for (const salesperson of await em.find(SalespersonSchema, {})) {
    const coupling = await host.state.findCoupling(SALESPEOPLE, 'business', salesperson.code);
    if (coupling?.integrationId) ownerOf.set(salesperson.code, coupling.integrationId);
  }
  const customers = await em.find(CustomerSchema, { blocked: '' }, { orderBy: { no: 'asc' } });
  em.clear();
  return { customers, ownerOf };
}
