import type { Host } from '@tandem/core';
import { SalespersonSchema } from '@tandem/erp';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import type { CrmPerson } from './CrmPerson';

export interface SetupResult { coupled: number; alreadyCoupled: number; missing: string[] }

/**
 * BC's "couple salespeople" step before the first full sync: each ERP salesperson is coupled to the CRM user of the
 * same name, so the customers they own get that user as account owner. (SALESPEOPLE has no match field: users
 * without a salesperson get a new one from the full sync instead.)
 */
export async function coupleSalespeople(host: Host, crm: CrmPerson): Promise<SetupResult> {
  const result: SetupResult = { coupled: 0, alreadyCoupled: 0, missing: [] };
  const salespeople = await host.orm.em.fork().find(SalespersonSchema, { code: { $like: 'SP0%' } }, { orderBy: { code: 'asc' } });
  for (const salesperson of salespeople) {
    if (await host.state.findCoupling(SALESPEOPLE, 'business', salesperson.code)) {
      result.alreadyCoupled++;
      continue;
    }
    const user = await crm.findBy('systemuser', 'fullname', salesperson.name);
    if (!user) {
      result.missing.push(salesperson.name);
      continue;
    }
    await host.engine.couple(SALESPEOPLE, salesperson.code, String(user.id));
    result.coupled++;
  }
  return result;
}
