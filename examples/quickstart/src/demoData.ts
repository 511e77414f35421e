import type { EntityManager } from '@mikro-orm/core';
import type { RunningEmulator } from '@tandem/dataverse-emulator';
import type { Host } from '@tandem/core';
import { CustomerSchema, generateDemoData, ItemSchema, SALES_ORDER_SERVICE, SalespersonSchema, type Customer, type DemoDataSummary } from '@tandem/erp';
import { CrmPerson } from './CrmPerson';
import { seedCrmActivity } from './crmActivity';

/** The ERP's demo data: hundreds of customers and items, a few salespeople, seven foreign currencies, seven units. */
export const DEMO = { seed: 2026, customers: 250, items: 100, salespeople: 4, salesOrders: 0, localCurrencyCode: 'USD' };

/** A CRM user who is not an ERP salesperson yet: the full sync makes one for her. */
export const CASEY = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey Carter', email: 'casey@crm.example.com' };

/** Accounts that exist only in the CRM: the full sync makes ERP customers of them. */
const CRM_ONLY_ACCOUNTS = [
  { name: 'Northwind Traders', address1_city: 'Seattle', telephone1: '+1 206 555 0101' },
  { name: 'Fabrikam Outdoor', address1_city: 'Denver', telephone1: '+1 303 555 0102' },
  { name: 'Tailspin Toys', address1_city: 'Austin', telephone1: '+1 512 555 0103' },
];
const CUSTOMER_TYPE_CUSTOMER = 3;

/** The CRM user id of the n-th ERP salesperson's person (deterministic, so a second run finds them again). */
export const userIdOf = (index: number) => `5a1e5000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;

export interface DemoSize { customers: number; items: number }

export async function seedErp(em: EntityManager, size: DemoSize = DEMO): Promise<DemoDataSummary> {
  const summary = await generateDemoData(em, { ...DEMO, ...size });
  await uniqueCustomerNames(em);
  return summary;
}

/**
 * An order the ERP shipped and invoiced before Tandem was switched on: created, released and posted for the second
 * customer the CRM knows, with two items. POSTEDSALESINV-INV sends its invoice, with its lines, in the full sync.
 * Returns the posted invoice's number.
 */
export async function postDemoOrder(host: Host): Promise<string> {
  const em = host.orm.em.fork();
  const customer = (await customersKnownToTheCrm(em))[1]!;
  const items = await em.find(ItemSchema, { blocked: false, no: { $ne: 'WRITE-IN' } }, { orderBy: { no: 'asc' }, limit: 2 });
  const sales = host.container.resolve(SALES_ORDER_SERVICE);
  const { order } = await sales.createSalesOrder({ customerNo: customer.no, externalDocumentNo: 'Before Tandem', lines: items.map((item, i) => ({ itemNo: item.no, quantity: i + 2 })) });
  await sales.releaseSalesOrder(order.no);
  return (await sales.postSalesOrder(order.no)).invoice.no;
}

/**
 * The demo generator may repeat a company name (rarely, as a real customer list does). CUSTOMER matches accounts by
 * name, so a repeated name is an ambiguous match (`TANDEM_AMBIGUOUS_MATCH`, the record waits to be coupled by hand);
 * the quickstart numbers the repeats ("Mosswater Tools AB 2") to keep its story about the matches that work.
 */
async function uniqueCustomerNames(em: EntityManager): Promise<void> {
  const seen = new Map<string, number>();
  for (const customer of await em.find(CustomerSchema, {}, { orderBy: { no: 'asc' } })) {
    const key = customer.name.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) await em.nativeUpdate(CustomerSchema, { no: customer.no }, { name: `${customer.name} ${count}`, modifiedAt: new Date() });
  }
}

/**
 * ERP customers the CRM already has accounts for (typed in by a salesperson, so the case differs): the full sync
 * couples them by name instead of creating duplicates. The same six on every run: the demo data is deterministic.
 */
export async function customersKnownToTheCrm(em: EntityManager): Promise<Customer[]> {
  const first = await em.find(CustomerSchema, { blocked: '', no: { $lte: 'C00040' } }, { orderBy: { no: 'asc' }, limit: 36 });
  return first.filter((_, i) => i % 7 === 0);
}

export interface CrmSeed {
  users: number;
  matchingAccounts: number;
  crmOnlyAccounts: number;
  /** Rows Casey added: a contact, an opportunity, a quote, cases on the first matched account, an active quote on the second (see crmActivity.ts). */
  activity: number;
}

/**
 * The CRM side: a user per ERP salesperson (same name), Casey, accounts, and Casey's work on the first matched account;
 * what exists already is left alone.
 */
export async function seedCrm(emulator: RunningEmulator, em: EntityManager): Promise<CrmSeed> {
  const salespeople = await em.find(SalespersonSchema, { code: { $like: 'SP0%' } }, { orderBy: { code: 'asc' } });
  salespeople.forEach((sp, i) => emulator.addUser({ userId: userIdOf(i), fullName: sp.name, ...(sp.email ? { email: sp.email } : {}) }));
  emulator.addUser(CASEY);
  const casey = new CrmPerson(emulator, CASEY.userId);
  const seed: CrmSeed = { users: salespeople.length + 1, matchingAccounts: 0, crmOnlyAccounts: 0, activity: 0 };
  const known = await customersKnownToTheCrm(em);
  const accountIds: string[] = [];
  for (const [i, customer] of known.entries()) {
    const name = i % 2 === 0 ? customer.name.toUpperCase() : customer.name;
    const existing = await casey.findBy('account', 'name', name);
    if (existing) {
      accountIds.push(String(existing.id));
      continue;
    }
    accountIds.push(await casey.insert('account', { name, customertypecode: CUSTOMER_TYPE_CUSTOMER }));
    seed.matchingAccounts++;
  }
  seed.activity = await seedCrmActivity(casey, accountIds[0]!, accountIds[1]!, emulator.baseCurrencyId);
  for (const account of CRM_ONLY_ACCOUNTS) {
    if (await casey.findBy('account', 'name', account.name)) continue;
    await casey.insert('account', { ...account, customertypecode: CUSTOMER_TYPE_CUSTOMER });
    seed.crmOnlyAccounts++;
  }
  return seed;
}
