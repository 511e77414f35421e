import { SyncStage, type HostServices, type PageCommitContext, type SyncHooks } from '@tandem/core';
import { CustomerSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { CONTACT, PLUGIN_NAME } from '../constants';
import { contactErrors } from '../errors';
import { PRIMARY_CONTACT_FIELD } from './primaryContactOnCustomer';

/**
 * Reference §5.1 CONTACT, "primary-contact fixes run after insert": a customer synchronized before its primary
 * contact had it cleared on the other side (Clear Value on Failed Sync). Once CONTACT creates that contact on the
 * other side, this puts it back, for every inserted contact of a committed page at once:
 *
 * - ERP → CRM: the accounts of the customers whose Primary Contact No. is one of the new CRM contacts' persons get
 *   `primarycontactid` (one ERP query, one coupling query, one CRM write batch);
 * - CRM → ERP: the customers of the accounts whose `primarycontactid` is one of the CRM contacts just created in the
 *   ERP get their Primary Contact No. (one CRM query, one coupling query, one ERP flush).
 *
 * A write the CRM refuses is logged as a warning with `TANDEM_CONTACT_PRIMARY_CONTACT_NOT_SET`; the contacts stay
 * synchronized, and the next change of the customer sets the primary contact through the CUSTOMER mapping.
 */
export function primaryContactAfterContactInsert(hooks: SyncHooks, services: HostServices): void {
  hooks.onAfterCommit.for(CONTACT).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, async (context) => {
    const inserted = context.outcomes.filter((o) => o.action === 'insert' && o.destinationId);
    if (inserted.length === 0) return;
    if (context.direction === 'toIntegration') await toAccounts(services, inserted);
    else await toCustomers(services, inserted);
  });
}

type Inserted = PageCommitContext['outcomes'];

async function toAccounts(services: HostServices, inserted: Inserted): Promise<void> {
  const crmContactOf = new Map(inserted.map((o) => [o.sourceId, o.destinationId!]));
  const customers = await services.orm.em.fork().find(CustomerSchema, { primaryContactNo: { $in: [...crmContactOf.keys()] } }, { disableIdentityMap: true });
  if (customers.length === 0) return;
  const accounts = await services.state.couplingsBy(CUSTOMER, 'business', customers.map((c) => c.no));
  const updates = customers.flatMap((customer) => {
    const accountId = accounts.get(customer.no)?.integrationId;
    if (!accountId) return [];
    const values = { [PRIMARY_CONTACT_FIELD]: { table: 'contact', id: crmContactOf.get(customer.primaryContactNo!)! } };
    return [{ kind: 'update' as const, ref: customer.no, id: accountId, values }];
  });
  if (updates.length === 0) return;
  const results = await services.stores.integration.write('account', updates);
  for (const result of results) {
    if (!result.ok) services.logger.warn({ mapping: CONTACT }, contactErrors.primaryContactNotSet(result.ref, result.error.message).message);
  }
}

async function toCustomers(services: HostServices, inserted: Inserted): Promise<void> {
  const erpContactOf = new Map(inserted.map((o) => [o.sourceId.toLowerCase(), o.destinationId!]));
  const accounts = await services.stores.integration.findByValues('account', {
    candidates: [...erpContactOf.keys()].map((id) => ({ [PRIMARY_CONTACT_FIELD]: id })),
  });
  if (accounts.length === 0) return;
  const customers = await services.state.couplingsBy(CUSTOMER, 'integration', accounts.map((a) => a.id.toLowerCase()));
  const primaryOf = new Map<string, string>();
  for (const account of accounts) {
    const customerNo = customers.get(account.id.toLowerCase())?.businessId;
    const contactNo = erpContactOf.get(String(account.values[PRIMARY_CONTACT_FIELD]).toLowerCase());
    if (customerNo && contactNo) primaryOf.set(customerNo, contactNo);
  }
  if (primaryOf.size === 0) return;
  const em = services.orm.em.fork();
  for (const customer of await em.find(CustomerSchema, { no: { $in: [...primaryOf.keys()] } })) customer.primaryContactNo = primaryOf.get(customer.no)!;
  await em.flush();
}
