import { CustomerSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { BenchPair } from './benchPair';

/** The numbers of `count` synced customers, from the `offset`-th on (in number order). */
export async function syncedCustomerNos(pair: BenchPair, count: number, offset = 0): Promise<string[]> {
  const customers = await pair.host.orm.em.fork().find(CustomerSchema, { blocked: '' }, { orderBy: { no: 'asc' }, limit: count, offset, fields: ['no'] });
  if (customers.length < count) throw new Error(`wanted ${count} synced customers from ${offset}, found ${customers.length}`);
  return customers.map((c) => c.no);
}

/** Changes the phone number of ERP customers, as an ERP user would (one statement; the stamp set to now). */
export async function changeErpPhones(pair: BenchPair, nos: readonly string[], tag: string): Promise<void> {
  const em = pair.host.orm.em.fork();
  for (const [i, no] of nos.entries()) {
    await em.nativeUpdate(CustomerSchema, { no }, { phoneNo: `+1 ${tag} ${i}`, modifiedAt: new Date() });
  }
}

/** The CRM account coupled to an ERP customer. */
export async function accountOf(pair: BenchPair, no: string): Promise<string> {
  const coupling = await pair.host.state.findCoupling(CUSTOMER, 'business', no);
  if (!coupling?.integrationId) throw new Error(`customer ${no} is not coupled`);
  return coupling.integrationId;
}

/** Changes the phone number of the CRM accounts of these customers, as a CRM person would (`$batch` of updates). */
export async function changeCrmPhones(pair: BenchPair, nos: readonly string[], tag: string): Promise<void> {
  const items = [];
  for (const [i, no] of nos.entries()) items.push({ method: 'PATCH' as const, url: `accounts(${await accountOf(pair, no)})`, body: { telephone1: `+1 ${tag} ${i}` } });
  for (let start = 0; start < items.length; start += 1000) {
    const results = await pair.person.batch(items.slice(start, start + 1000));
    const failed = results.find((r) => !r.ok);
    if (failed) throw new Error(`changing accounts failed: ${failed.status} ${failed.bodyText.slice(0, 300)}`);
  }
}
