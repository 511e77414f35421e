// The house rules on the six shipped plugins: the ERP SQLite file, the Dataverse emulator over HTTP.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, SyncJob } from '@tandem/core';
import { CustomerSchema, generateDemoData, ItemSchema, SalespersonSchema } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT, ItemProductPlugin } from '@tandem/plugin-item-product';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { nextSecond, startTestPair, type TestPair } from '@tandem/testing';
import { HouseRulesPlugin, type ConflictReportLine } from '../src/index';

const ALICE = 'a11ce000-0000-4000-8000-0000000000a1';
const BOB = 'b0b00000-0000-4000-8000-0000000000b0';
const dir = mkdtempSync(join(tmpdir(), 'tandem-house-rules-'));
const report = join(dir, 'conflicts.jsonl');
let pair: TestPair;

const byMapping = (jobs: SyncJob[]) => Object.fromEntries(jobs.map((j) => [`${j.mapping} ${j.direction}`, j]));
const erp = () => pair.erp();

async function crmRow(table: string, id: string): Promise<Row> {
  return (await pair.crm.getByIds(table, [id]))[0]!;
}
async function accountOf(customerNo: string): Promise<string> {
  return (await pair.host.state.findCoupling(CUSTOMER, 'business', customerNo))!.integrationId!;
}
async function crmUpdate(table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await pair.crm.write(table, [{ kind: 'update', ref: 'u', id, values }]);
  if (!result?.ok) throw new Error(`update failed: ${result?.ok === false ? result.error.message : ''}`);
}

beforeAll(async () => {
  pair = await startTestPair({
    plugins: [SalespersonUserPlugin, CurrencyPlugin, UnitOfMeasurePlugin, ItemProductPlugin, CustomerAccountPlugin, HouseRulesPlugin.withOptions({ conflictReport: report })],
    crmUsers: [{ userId: ALICE, fullName: 'Alice Abbott' }, { userId: BOB, fullName: 'Bob Baker' }],
  });
  await generateDemoData(erp(), { seed: 11, customers: 10, items: 6, salespeople: 2, salesOrders: 0, localCurrencyCode: 'USD' });
  const salespeople = await erp().find(SalespersonSchema, {}, { orderBy: { code: 'asc' } });
  await pair.host.engine.couple(SALESPEOPLE, salespeople[0]!.code, ALICE);
  await pair.host.engine.couple(SALESPEOPLE, salespeople[1]!.code, BOB);
  await pair.host.engine.runAll({ full: true });
}, 90_000);
afterAll(async () => {
  await pair?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('house rules through hooks only', () => {
  it('account names are upper-case in the CRM; the ERP keeps its spelling, and a second full sync changes nothing', async () => {
    const customers = await erp().find(CustomerSchema, { blocked: '' });
    expect(customers.length).toBeGreaterThan(5);
    for (const customer of customers) {
      expect((await crmRow('account', await accountOf(customer.no))).values.name).toBe(customer.name.toUpperCase());
      expect(customer.name).not.toBe(customer.name.toUpperCase());
    }
    const again = byMapping(await pair.host.engine.runAll({ full: true }));
    expect(again[`${CUSTOMER} toIntegration`]).toMatchObject({ modified: 0, failed: 0 });
    expect(again[`${CUSTOMER} fromIntegration`]).toMatchObject({ modified: 0, failed: 0 });
  });

  it('enrichment: every account carries its ERP customer number, and gets it back when it is changed in the CRM', async () => {
    const [first, second] = await erp().find(CustomerSchema, { blocked: '' }, { orderBy: { no: 'asc' }, limit: 2 });
    expect((await crmRow('account', await accountOf(first!.no))).values.accountnumber).toBe(first!.no);
    const account = await accountOf(second!.no);
    await nextSecond();
    await crmUpdate('account', account, { accountnumber: 'TYPO' });
    await erp().nativeUpdate(CustomerSchema, { no: second!.no }, { city: 'Tromsø', modifiedAt: new Date() });
    await nextSecond();
    await pair.host.engine.run(CUSTOMER);
    expect((await crmRow('account', account)).values).toMatchObject({ accountnumber: second!.no, address1_city: 'Tromsø' });
  });

  it('a blocked item does not travel, even with a product; unblocked, it travels again', async () => {
    const [item] = await erp().find(ItemSchema, { blocked: false }, { orderBy: { no: 'asc' }, limit: 1 });
    const productId = (await pair.host.state.findCoupling(ITEM_PRODUCT, 'business', item!.no))!.integrationId!;
    const before = (await crmRow('product', productId)).values;
    await nextSecond();
    await erp().nativeUpdate(ItemSchema, { no: item!.no }, { blocked: true, unitPrice: '999', modifiedAt: new Date() });
    await nextSecond();
    const blocked = byMapping(await pair.host.engine.run(ITEM_PRODUCT, { direction: 'toIntegration' }));
    expect(blocked[`${ITEM_PRODUCT} toIntegration`]).toMatchObject({ modified: 0, failed: 0 });
    const after = (await crmRow('product', productId)).values;
    expect(after.statecode).toBe(before.statecode); // the plugin alone would have retired it
    expect(Number(after.price)).toBe(Number(before.price));

    await nextSecond();
    await erp().nativeUpdate(ItemSchema, { no: item!.no }, { blocked: false, modifiedAt: new Date() });
    await nextSecond();
    await pair.host.engine.run(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(Number((await crmRow('product', productId)).values.price)).toBe(999);
  });

  it('an update conflict is reported to the file, one JSON line per pass, and the mapping still decides it', async () => {
    expect(existsSync(report)).toBe(false);
    const [customer] = await erp().find(CustomerSchema, { blocked: '' }, { orderBy: { no: 'desc' }, limit: 1 });
    const account = await accountOf(customer!.no);
    await nextSecond();
    await erp().nativeUpdate(CustomerSchema, { no: customer!.no }, { name: 'Renamed in the ERP', modifiedAt: new Date() });
    await crmUpdate('account', account, { name: 'Renamed in the CRM' });
    await nextSecond();
    const jobs = byMapping(await pair.host.engine.run(CUSTOMER));
    // The default resolution (none) fails the record in each pass; each pass reports what it saw.
    expect(jobs[`${CUSTOMER} toIntegration`]).toMatchObject({ failed: 1 });
    expect(jobs[`${CUSTOMER} fromIntegration`]).toMatchObject({ failed: 1 });
    const lines = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ConflictReportLine);
    expect(lines).toEqual([
      expect.objectContaining({
        mapping: CUSTOMER, direction: 'toIntegration', sourceId: customer!.no, destinationId: account,
        fields: [{ field: 'name', source: 'Renamed in the ERP', destination: 'Renamed in the CRM' }],
      }),
      expect.objectContaining({
        mapping: CUSTOMER, direction: 'fromIntegration', sourceId: account, destinationId: customer!.no,
        fields: [{ field: 'name', source: 'Renamed in the CRM', destination: 'Renamed in the ERP' }],
      }),
    ]);
    expect(Date.parse(lines[0]!.at)).not.toBeNaN();
  });
});
