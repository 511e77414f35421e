import type { SyncJob } from '@tandem/core';
import { SalesLineSchema, SalespersonSchema, type SalesLine } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER, SALES_ORDER_LINE } from '../src/index';
import { seedCrm, seedErp, startPair, submittedOrder, type CrmWorld } from './fixtures';

/** A pair in bidirectional mode, with the ERP and CRM worlds of the one-way tests and salesperson SP01 = the CRM user. */
export async function startBidirectional(): Promise<{ pair: TestPair; world: CrmWorld }> {
  const pair = await startPair({ bidirectionalSalesOrders: true, erpName: 'Contoso ERP' });
  await seedErp(pair.erp());
  const em = pair.erp();
  em.create(SalespersonSchema, { code: 'SP01', name: 'Casey CRM', blocked: false } as never);
  await em.flush();
  const world = await seedCrm(pair);
  await pair.host.engine.couple('SALESPEOPLE', 'SP01', pair.crmUserId);
  return { pair, world };
}

/**
 * `startBidirectional` with one order already through: a submitted CRM order (2 bicycles at 100, 4 helmets at 20) run
 * into SO00001, released and coupled with its lines. Closes the pair itself when the set-up fails.
 */
export async function startWithTransferredOrder(name: string): Promise<{ pair: TestPair; world: CrmWorld; orderId: string }> {
  const { pair, world } = await startBidirectional();
  try {
    const orderId = await submittedOrder(pair, world, {
      name,
      lines: [
        { product: world.product, quantity: 2, priceperunit: 100 },
        { product: world.otherProduct, quantity: 4, priceperunit: 20 },
      ],
    });
    await runOrders(pair);
    return { pair, world, orderId };
  } catch (error) {
    await pair.close();
    throw error;
  }
}

/** One run of the two order mappings, in their order (what `runAll` does for them): the jobs. */
export async function runOrders(pair: TestPair): Promise<SyncJob[]> {
  return [...(await pair.host.engine.run(SALES_ORDER)), ...(await pair.host.engine.run(SALES_ORDER_LINE))];
}

/** How many rows a set of jobs wrote (inserted, modified, deleted) — 0 for a run that found everything in step. */
export function writes(jobs: readonly SyncJob[]): number {
  return jobs.reduce((sum, job) => sum + job.inserted + job.modified + job.deleted, 0);
}

/** The ERP lines of an order, by line no. */
export async function erpLines(pair: TestPair, orderNo: string): Promise<SalesLine[]> {
  return pair.erp().find(SalesLineSchema, { documentNo: orderNo }, { orderBy: { lineNo: 'asc' } });
}

/** The CRM lines of an order, by ERP line no. (then id). */
export async function crmLines(pair: TestPair, orderId: string): Promise<Record<string, unknown>[]> {
  const page = await pair.crm.readChanged('salesorderdetail', { filter: { _salesorderid_value: orderId }, limit: 100 });
  const number = (values: Record<string, unknown>) => (typeof values['businesscentrallinenumber'] === 'number' ? values['businesscentrallinenumber'] : Number.MAX_SAFE_INTEGER);
  return page.rows.map((row) => ({ id: row.id, ...row.values })).sort((a, b) => number(a) - number(b));
}

/** The CRM line coupled to an ERP line, or null. */
export async function crmLineOf(pair: TestPair, erpLine: SalesLine): Promise<string | null> {
  return (await pair.host.state.findCoupling(SALES_ORDER_LINE, 'business', erpLine.systemId))?.integrationId ?? null;
}
