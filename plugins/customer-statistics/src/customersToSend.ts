import type { HostServices } from '@tandem/core';
import { CustLedgerEntrySchema, SalesHeaderSchema, SalesLineSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { CrmStatisticsUploadSchema } from './CrmStatisticsUpload';
import { OVERLAP_MS } from './constants';

const CHUNK = 500;

/**
 * The customers a run sends, as BC's CU 5350 chooses them: coupled, not skipped customers whose statistics were never
 * uploaded (first pass), then those with customer ledger entry or sales order activity (`modifiedAt`) since the
 * watermark, less `OVERLAP_MS` (second pass). Activity of customers that are not coupled is passed over silently.
 */
export async function customersToSend(services: HostServices, watermark: Date | null): Promise<string[]> {
  const em = services.orm.em.fork();
  const coupled = new Set(
    (await services.state.couplings(CUSTOMER)).filter((c) => c.businessId && c.integrationId && !c.skipped).map((c) => c.businessId!),
  );
  const uploaded = new Set((await em.find(CrmStatisticsUploadSchema, {}, { fields: ['customerNo'], disableIdentityMap: true })).map((u) => u.customerNo));
  const result = new Set([...coupled].filter((no) => !uploaded.has(no)));
  if (watermark) {
    const since = new Date(watermark.getTime() - OVERLAP_MS);
    const active = new Set<string>();
    for (const entry of await em.find(CustLedgerEntrySchema, { modifiedAt: { $gte: since } }, { fields: ['customerNo'], disableIdentityMap: true })) active.add(entry.customerNo);
    for (const order of await em.find(SalesHeaderSchema, { modifiedAt: { $gte: since } }, { fields: ['sellToCustomerNo'], disableIdentityMap: true })) active.add(order.sellToCustomerNo);
    const documents = [...new Set((await em.find(SalesLineSchema, { modifiedAt: { $gte: since } }, { fields: ['documentNo'], disableIdentityMap: true })).map((l) => l.documentNo))];
    for (let i = 0; i < documents.length; i += CHUNK) {
      const orders = await em.find(SalesHeaderSchema, { no: { $in: documents.slice(i, i + CHUNK) } }, { fields: ['sellToCustomerNo'], disableIdentityMap: true });
      for (const order of orders) active.add(order.sellToCustomerNo);
    }
    for (const no of active) if (coupled.has(no)) result.add(no);
  }
  return [...result].sort();
}
