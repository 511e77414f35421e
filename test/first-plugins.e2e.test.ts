// End to end (issue 7, item 10): the ERP in SQLite, the Dataverse emulator over HTTP, the six entity plugins.
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, SyncJob, TableStore } from '@tandem/core';
import { CustomerSchema, generateDemoData, ItemSchema, SALES_ORDER_SERVICE, SalesHeaderSchema, SalesInvoiceHeaderSchema, SalespersonSchema } from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT, ItemProductPlugin } from '@tandem/plugin-item-product';
import { SALES_ORDER, SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { nextSecond, startTestPair, type TestPair } from '@tandem/testing';

const CASEY = 'c0c0c0c0-0000-4000-8000-00000000c0de'; // the person the test writes to the CRM as
const ALICE = 'a11ce000-0000-4000-8000-0000000000a1';
const BOB = 'b0b00000-0000-4000-8000-0000000000b0';
const DISABLED = 'd15ab1ed-0000-4000-8000-0000000000d1';
const CRM_TABLES = ['systemuser', 'transactioncurrency', 'uomschedule', 'uom', 'account', 'product', 'pricelevel', 'productpricelevel', 'salesorder', 'post'];
const ERP_TABLES = ['Salesperson', 'Customer', 'Item', 'SalesHeader', 'SalesInvoiceHeader'];

let pair: TestPair;
let erp: () => EntityManager;

async function crmWrite(table: string, operation: { kind: 'insert'; values: Record<string, unknown> } | { kind: 'update'; id: string; values: Record<string, unknown> }): Promise<string> {
  const [result] = await pair.crm.write(table, [{ ...operation, ref: table }]);
  if (!result?.ok) throw new Error(`CRM ${operation.kind} on ${table} failed: ${result?.ok === false ? result.error.message : 'no result'}`);
  return String(result.id);
}

async function crmRow(table: string, id: string): Promise<Row> {
  const [row] = await pair.crm.getByIds(table, [id]);
  if (!row) throw new Error(`CRM ${table} ${id} not found`);
  return row;
}

async function allRows(store: TableStore, table: string): Promise<Row[]> {
  return (await store.readChanged(table, { limit: 5000 })).rows;
}

/** Every CRM row's id and stamp, and every ERP row's key and stamp: what "nothing was written" compares. */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of CRM_TABLES) for (const row of await allRows(pair.crm, table)) parts.push(`${table}:${row.id}:${row.modifiedOn.toISOString()}`);
  for (const table of ERP_TABLES) {
    for (const row of await erp().find<object>(table, {}, { disableIdentityMap: true })) parts.push(`${table}:${JSON.stringify(row)}`);
  }
  return parts.sort().join('\n');
}

const byMapping = (jobs: SyncJob[]) => Object.fromEntries(jobs.map((j) => [`${j.mapping} ${j.direction}`, j]));

beforeAll(async () => {
  pair = await startTestPair({
    plugins: [SalespersonUserPlugin, CurrencyPlugin, UnitOfMeasurePlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin.withOptions({ autoCreateSalesOrders: true })],
    host: { business: { linkTemplate: 'https://erp.example.com/{table}/{id}' } },
    crmUsers: [
      { userId: CASEY, fullName: 'Casey CRM' },
      { userId: ALICE, fullName: 'Alice Abbott' },
      { userId: BOB, fullName: 'Bob Baker' },
      { userId: DISABLED, fullName: 'Dee Disabled', isDisabled: true },
    ],
  });
  erp = pair.erp;
  await generateDemoData(erp(), { seed: 7, customers: 12, items: 6, salespeople: 3, salesOrders: 0, localCurrencyCode: 'USD' });
}, 60_000);
afterAll(async () => pair?.close());

describe('ERP ⇄ CRM with the six entity plugins', () => {
  let salespeople: { code: string }[];
  let matched: { no: string; name: string; city: string | null; phoneNo: string | null };
  let crmOnlyAccount: string;
  let existingGbp: string;

  it('a full sync of every mapping in dependency order couples, creates and matches on both sides', async () => {
    salespeople = await erp().find(SalespersonSchema, {}, { orderBy: { code: 'asc' } });
    // Two ERP salespeople are CRM users already (BC's "couple salespeople" step); the third is not.
    await pair.host.engine.couple(SALESPEOPLE, salespeople[0]!.code, ALICE);
    await pair.host.engine.couple(SALESPEOPLE, salespeople[1]!.code, BOB);
    const customers = await erp().find(CustomerSchema, {}, { orderBy: { no: 'asc' } });
    matched = customers.find((c) => c.salespersonCode === salespeople[0]!.code && c.blocked === '')!;
    // The CRM has an account for one ERP customer already, an account of its own, and a currency the ERP also has.
    await crmWrite('account', { kind: 'insert', values: { name: matched.name.toUpperCase(), customertypecode: 3 } });
    crmOnlyAccount = await crmWrite('account', { kind: 'insert', values: { name: 'Only In The CRM Ltd', customertypecode: 3, telephone1: '+1 555 0100', address1_city: 'Boston' } });
    existingGbp = await crmWrite('transactioncurrency', { kind: 'insert', values: { isocurrencycode: 'GBP', currencyname: 'Pound Sterling', currencysymbol: '£', exchangerate: 0.8, currencyprecision: 2 } });

    const jobs = byMapping(await pair.host.engine.runAll({ full: true }));
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining([
      `${SALESPEOPLE} fromIntegration`, `${CURRENCY} toIntegration`, `${UNIT_OF_MEASURE} toIntegration`,
      `${ITEM_PRODUCT} toIntegration`, `${CUSTOMER} toIntegration`, `${CUSTOMER} fromIntegration`,
    ]));
    const order = (await pair.host.engine.runAll({ full: true })).map((j) => j.mapping);
    expect(order.indexOf(SALESPEOPLE)).toBeLessThan(order.indexOf(CUSTOMER));
    expect(order.indexOf(CURRENCY)).toBeLessThan(order.indexOf(CUSTOMER));
    expect(order.indexOf(UNIT_OF_MEASURE)).toBeLessThan(order.indexOf(ITEM_PRODUCT));

    // Salespeople: the licensed, enabled people without a salesperson got one; the disabled user and the integration user did not.
    const crmPeople = (await erp().find(SalespersonSchema, { code: { $like: 'SP NO.%' } })).map((s) => s.name);
    expect(crmPeople).toEqual(['Casey CRM']);
    // Currencies: the CRM's GBP was coupled, not duplicated; the ERP's local USD is the CRM base currency.
    const currencies = await allRows(pair.crm, 'transactioncurrency');
    expect(currencies.filter((c) => c.values.isocurrencycode === 'GBP').map((c) => c.id)).toEqual([existingGbp]);
    expect((await pair.host.state.findCoupling(CURRENCY, 'business', 'GBP'))?.integrationId).toBe(existingGbp);
    // Units and items: one unit group per unit of measure, one product per item, with its default unit.
    const items = await erp().find(ItemSchema, { blocked: false });
    const products = await allRows(pair.crm, 'product');
    expect(products).toHaveLength(items.length);
    const item = items[0]!;
    const product = await crmRow('product', (await pair.host.state.findCoupling(ITEM_PRODUCT, 'business', item.no))!.integrationId!);
    expect(product.values).toMatchObject({ productnumber: item.no, name: item.description, producttypecode: 1 });
    expect(Number(product.values.price)).toBe(Number(item.unitPrice));
    expect(product.values._defaultuomscheduleid_value).toBe((await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', item.baseUnitOfMeasure!))!.integrationId);
    // Customers: the existing account was matched by name, the CRM-only account became a customer.
    const matchedAccount = (await pair.host.state.findCoupling(CUSTOMER, 'business', matched.no))!.integrationId!;
    const account = await crmRow('account', matchedAccount);
    expect(account.values).toMatchObject({ name: matched.name, address1_city: matched.city, telephone1: matched.phoneNo, _ownerid_value: ALICE });
    // Links to both sides of the pair (issue 7, item 9).
    expect(await pair.host.links.of(CUSTOMER, { businessId: matched.no })).toEqual({
      businessId: matched.no, integrationId: matchedAccount,
      business: `https://erp.example.com/Customer/${encodeURIComponent(matched.no)}`,
      integration: `${pair.emulator.url}/main.aspx?pagetype=entityrecord&etn=account&id=${matchedAccount}`,
    });
    const fromCrm = (await pair.host.state.findCoupling(CUSTOMER, 'integration', crmOnlyAccount))!.businessId!;
    expect(await erp().findOneOrFail(CustomerSchema, { no: fromCrm })).toMatchObject({ name: 'Only In The CRM Ltd', city: 'Boston', phoneNo: '+1 555 0100' });
  });

  it('a customer whose salesperson is not coupled fails with a message that says so', async () => {
    const uncoupled = salespeople[2]!.code;
    const errors = (await pair.host.state.errors(CUSTOMER)).filter((e) => e.code === 'TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED');
    const owners = await erp().find(CustomerSchema, { salespersonCode: uncoupled, blocked: '' });
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(errors.map((e) => e.sourceId))).toEqual(new Set(owners.map((c) => c.no)));
    expect(errors[0]!.message).toContain(uncoupled);
  });

  it('a change on each side travels to the other', async () => {
    const matchedAccount = (await pair.host.state.findCoupling(CUSTOMER, 'business', matched.no))!.integrationId!;
    await nextSecond();
    await erp().nativeUpdate(CustomerSchema, { no: matched.no }, { city: 'Savannah', modifiedAt: new Date() });
    await crmWrite('account', { kind: 'update', id: matchedAccount, values: { telephone1: '+1 912 555 0199' } });
    await nextSecond();
    const jobs = byMapping(await pair.host.engine.runAll());
    expect(jobs[`${CUSTOMER} toIntegration`]).toMatchObject({ modified: 1 });
    expect(jobs[`${CUSTOMER} fromIntegration`]).toMatchObject({ modified: 1 });
    expect((await crmRow('account', matchedAccount)).values.address1_city).toBe('Savannah');
    expect((await erp().findOneOrFail(CustomerSchema, { no: matched.no })).phoneNo).toBe('+1 912 555 0199');
  });

  it('the same field changed on both sides is an update conflict; the mapping setting decides it', async () => {
    const matchedAccount = (await pair.host.state.findCoupling(CUSTOMER, 'business', matched.no))!.integrationId!;
    await nextSecond();
    await erp().nativeUpdate(CustomerSchema, { no: matched.no }, { name: 'Renamed in the ERP', modifiedAt: new Date() });
    await crmWrite('account', { kind: 'update', id: matchedAccount, values: { name: 'Renamed in the CRM' } });
    await nextSecond();
    const jobs = byMapping(await pair.host.engine.runAll());
    expect(jobs[`${CUSTOMER} toIntegration`]).toMatchObject({ failed: 1 });
    const [conflict] = await pair.host.state.errors(CUSTOMER, { jobId: jobs[`${CUSTOMER} toIntegration`]!.id });
    expect(conflict).toMatchObject({ sourceId: matched.no, code: 'TANDEM_UPDATE_CONFLICT' });
    await pair.host.mappings.update(CUSTOMER, { updateConflictResolution: 'getUpdateFromIntegration' });
    await pair.host.engine.runAll();
    expect((await erp().findOneOrFail(CustomerSchema, { no: matched.no })).name).toBe('Renamed in the CRM');
    expect((await crmRow('account', matchedAccount)).values.name).toBe('Renamed in the CRM');
    await pair.host.mappings.reset(CUSTOMER);
  });

  it('a submitted CRM order becomes an ERP order; posting it invoices the CRM order and posts to the account', async () => {
    const matchedAccount = (await pair.host.state.findCoupling(CUSTOMER, 'business', matched.no))!.integrationId!;
    const items = await erp().find(ItemSchema, { blocked: false }, { orderBy: { no: 'asc' } });
    const productOf = async (no: string) => (await pair.host.state.findCoupling(ITEM_PRODUCT, 'business', no))!.integrationId!;
    const priceList = await crmWrite('pricelevel', { kind: 'insert', values: { name: 'Spring deals', transactioncurrencyid: pair.emulator.baseCurrencyId } });
    const orderId = await crmWrite('salesorder', { kind: 'insert', values: { name: 'Spring order', customerid: { table: 'account', id: matchedAccount }, pricelevelid: priceList } });
    await crmWrite('salesorderdetail', { kind: 'insert', values: { salesorderid: orderId, productid: await productOf(items[0]!.no), quantity: 3, priceperunit: 40, sequencenumber: 1 } });
    await crmWrite('salesorderdetail', { kind: 'insert', values: { salesorderid: orderId, productid: await productOf(items[1]!.no), quantity: 1, priceperunit: 15.5, sequencenumber: 2 } });
    await crmWrite('salesorder', { kind: 'update', id: orderId, values: { statecode: 1 } });

    const jobs = byMapping(await pair.host.engine.runAll());
    expect(jobs[`${SALES_ORDER} fromIntegration`]).toMatchObject({ inserted: 1, failed: 0 });
    const erpOrderNo = (await pair.host.state.findCoupling(SALES_ORDER, 'integration', orderId))!.businessId!;
    const crmOrder = await crmRow('salesorder', orderId);
    expect(await erp().findOneOrFail(SalesHeaderSchema, { no: erpOrderNo })).toMatchObject({
      sellToCustomerNo: matched.no, yourReference: crmOrder.values.ordernumber, externalDocumentNo: 'Spring order', amount: '135.5',
    });
    expect(crmOrder.values.lastbackofficesubmit).toBeTruthy();

    const sales = pair.host.container.resolve(SALES_ORDER_SERVICE);
    await sales.releaseSalesOrder(erpOrderNo);
    await sales.postSalesOrder(erpOrderNo);
    expect((await crmRow('salesorder', orderId)).values).toMatchObject({ statecode: 4, statuscode: 100003 });
    const posts = (await allRows(pair.crm, 'post')).filter((p) => p.values._regardingobjectid_value === matchedAccount);
    expect(posts.map((p) => p.values.text)).toEqual([expect.stringMatching(/has been posted/)]);
    expect(await erp().count(SalesHeaderSchema, { no: erpOrderNo })).toBe(0);
    expect(await erp().count(SalesInvoiceHeaderSchema, { externalDocumentNo: 'Spring order' })).toBe(1);
  });

  it('two more runs with nothing changed write nothing on either side', async () => {
    await pair.host.engine.runAll(); // settles what the posting itself changed
    await nextSecond();
    const before = await snapshot();
    for (let run = 0; run < 2; run++) {
      const jobs = await pair.host.engine.runAll();
      for (const job of jobs) expect(job, `${job.mapping} ${job.direction}`).toMatchObject({ inserted: 0, modified: 0, deleted: 0, coupled: 0 });
    }
    expect(await snapshot()).toBe(before);
  });
});
