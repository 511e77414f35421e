import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncJob } from '@tandem/core';
import { CustomerSchema, generateDemoData, SALES_ORDER_SERVICE, SalesHeaderSchema, SalesInvoiceHeaderSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { SALES_ORDER } from '@tandem/plugin-sales-order';
import { nextSecond, startTestPair } from '@tandem/testing';
import { allRows, CASEY, Scenario } from './Scenario';
import { jobOrder, mappingOrder, resolveCounters, writeCounters, type ExpectedJobs, type ScenarioEntry } from './ScenarioEntry';

/** The ERP demo data: 12 customers with contacts, 6 items (+ the write-in item), 5 resources, 2 price groups, 20 opportunities. */
const DEMO = { seed: 7, customers: 12, items: 6, salespeople: 3, salesOrders: 0, localCurrencyCode: 'USD' };
/**
 * Seed "Synchronization Jobs for a Sales Integration": these jobs run in this order (those the scenario has). With
 * multiple units of measure, UNIT GROUP, ITEM UOM and RESOURCE UOM take the place of UNIT OF MEASURE.
 */
const SEEDS_SALES_JOB_ORDER = ['UNIT OF MEASURE', 'UNIT GROUP', 'ITEM UOM', 'RESOURCE UOM', 'RESOURCE-PRODUCT', 'ITEM-PRODUCT', 'CUSTPRCGRP-PRICE', 'SALESPRC-PRODPRICE', 'POSTEDSALESINV-INV'];
/** CRM tables the plugins write besides their mappings' own, and ERP tables besides theirs: part of "nothing was written". */
const CRM_SIDE_TABLES = ['uom', 'productpricelevel', 'salesorderdetail', 'post', 'quote', 'quotedetail', 'incident', 'invoicedetail', 'nav_accountstatistics'];
const ERP_SIDE_TABLES = ['SalesLine', 'SalesInvoiceHeader', 'SalesInvoiceLine', 'SalesHeaderArchive', 'ContactBusinessRelation', 'CustLedgerEntry', 'ItemLedgerEntry'];

const pluginName = (entry: ScenarioEntry) => entry.plugin.name;
const key = (job: SyncJob) => `${job.mapping} ${job.direction}`;

/**
 * The end-to-end scenario (test/e2e/README.md) for the plugins of `entries` (a `SCENARIO`), in their order: the first run is a full
 * sync in the seeds' job order; a second and a third run write nothing; then a change on each side flows through. What
 * each plugin seeds, expects and checks is its entry. One call per test file: each boots its own pair.
 */
export function scenarioSuite(title: string, entries: readonly ScenarioEntry[]): void {
  let s: Scenario;

  /** Every CRM row's id and stamp, and every ERP row of the scenario's tables: what "nothing was written" compares. */
  async function snapshot(): Promise<string> {
    const mappings = s.host.mappings.all();
    const parts: string[] = [];
    for (const table of new Set([...mappings.map((m) => m.integrationTable), ...CRM_SIDE_TABLES])) {
      for (const row of await allRows(s.pair.crm, table)) parts.push(`${table}:${row.id}:${row.modifiedOn.toISOString()}`);
    }
    for (const table of new Set([...mappings.map((m) => m.businessTable), ...ERP_SIDE_TABLES])) {
      for (const row of await s.erp().find<object>(table, {}, { disableIdentityMap: true })) parts.push(`${table}:${JSON.stringify(row)}`);
    }
    return parts.sort().join('\n');
  }

  /**
   * Resolves what `expected` says into counters per job key (`MAPPING direction`), now: a count that reads the ERP is
   * taken before the run it describes.
   */
  async function resolveJobs(expected: ExpectedJobs): Promise<Map<string, Awaited<ReturnType<typeof resolveCounters>>>> {
    const resolved = new Map<string, Awaited<ReturnType<typeof resolveCounters>>>();
    for (const [mapping, directions] of Object.entries(expected)) {
      for (const [direction, counters] of Object.entries(directions)) resolved.set(`${mapping} ${direction}`, await resolveCounters(s, counters));
    }
    return resolved;
  }

  /** Every job's write counters are what was expected; a mapping or direction not named wrote nothing. */
  async function expectJobs(jobs: SyncJob[], expected: Map<string, Awaited<ReturnType<typeof resolveCounters>>>): Promise<void> {
    const nothing = await resolveCounters(s, {});
    for (const job of jobs) expect(writeCounters(job), key(job)).toEqual(expected.get(key(job)) ?? nothing);
    const ran = new Set(jobs.map(key));
    expect([...expected.keys()].filter((k) => !ran.has(k)), 'expected jobs that did not run').toEqual([]);
  }

  /** A regular run: every mapping (`runAll`), then every plugin job of the scenario. */
  async function runEverything(): Promise<SyncJob[]> {
    const jobs = await s.host.engine.runAll();
    for (const name of jobOrder(entries)) jobs.push(await s.host.jobs.run(name));
    return jobs;
  }

  beforeAll(async () => {
    const pair = await startTestPair({
      plugins: entries.map((entry) => entry.plugin),
      host: { business: { linkTemplate: 'https://erp.example.com/{table}/{id}' } },
      crmUsers: [CASEY],
    });
    s = new Scenario(pair);
    await generateDemoData(s.erp(), DEMO);
  }, 60_000);
  afterAll(async () => s?.pair.close());

  describe(title, () => {
    it('the scenario names every mapping of the host once, each after what it depends on, in the seeds\' job order', () => {
      const order = mappingOrder(entries);
      expect([...order].sort()).toEqual(s.host.mappings.all().map((m) => m.name).sort());
      for (const mapping of s.host.mappings.all()) {
        for (const dependency of mapping.dependsOn) expect(order.indexOf(dependency), `${mapping.name} depends on ${dependency}`).toBeLessThan(order.indexOf(mapping.name));
      }
      const sales = SEEDS_SALES_JOB_ORDER.filter((name) => order.includes(name));
      expect(order.filter((name) => sales.includes(name))).toEqual(sales);
      expect([...jobOrder(entries)].sort(), 'the plugin jobs').toEqual(s.host.jobs.all().map((job) => job.name).sort());
    });

    it('the first run, a full sync of every mapping in that order, then the plugin jobs, syncs everything: the counts of each', async () => {
      for (const entry of entries) await entry.seed?.(s);
      const expected = await resolveJobs(Object.assign({}, ...entries.map((entry) => entry.mappings)));
      const jobs: SyncJob[] = [];
      for (const mapping of mappingOrder(entries)) jobs.push(...(await s.host.engine.fullSync(mapping)));
      // A plugin job's counts are taken before its run too, that is after the mappings' full syncs.
      for (const [name, counts] of await resolveJobs(Object.assign({}, ...entries.map((entry) => entry.jobs ?? {})))) expected.set(name, counts);
      for (const name of jobOrder(entries)) jobs.push(await s.host.jobs.run(name));
      expect([...new Set(jobs.map((j) => j.mapping))]).toEqual([...mappingOrder(entries), ...jobOrder(entries)]);
      expect(await s.host.state.errors()).toEqual([]);
      await expectJobs(jobs, expected);
    });

    for (const entry of entries.filter((e) => e.checkFirstRun)) {
      it(`first run, ${pluginName(entry)}: field values on both sides`, async () => {
        await entry.checkFirstRun!(s);
      });
    }

    it('a second and a third run write nothing on either side, and make no CRM write', async () => {
      await nextSecond();
      const before = await snapshot();
      for (let run = 2; run <= 3; run++) {
        s.pair.emulator.resetStats();
        await expectJobs(await runEverything(), new Map());
        const { rowsCreated, rowsUpdated, rowsDeleted } = s.pair.emulator.stats;
        expect({ run, rowsCreated, rowsUpdated, rowsDeleted }).toEqual({ run, rowsCreated: 0, rowsUpdated: 0, rowsDeleted: 0 });
      }
      expect(await snapshot()).toBe(before);
    });

    it('a change on each side flows through, for every plugin that has one; nothing else is written', async () => {
      const changing = entries.filter((e) => e.change);
      await nextSecond(); // Dataverse stamps whole seconds: a change needs a later second than the last run's
      for (const entry of changing) await entry.change!.make(s);
      const expected = await resolveJobs(Object.assign({}, ...changing.map((e) => e.change!.expected)));
      await nextSecond();
      await expectJobs(await runEverything(), expected);
      for (const entry of changing) await entry.change!.verify(s);
      expect(await s.host.state.errors()).toEqual([]);
    });

    it('the same field changed on both sides is an update conflict; the mapping setting decides it', async () => {
      const customerNo = s.id('matchedCustomer');
      const account = s.id('matchedAccount');
      await nextSecond();
      await s.erp().nativeUpdate(CustomerSchema, { no: customerNo }, { name: 'Renamed in the ERP', modifiedAt: new Date() });
      await s.crmUpdate('account', account, { name: 'Renamed in the CRM' });
      await nextSecond();
      const toCrm = (await s.host.engine.run(CUSTOMER)).find((j) => j.direction === 'toIntegration')!;
      expect(toCrm).toMatchObject({ failed: 1 });
      expect(await s.host.state.errors(CUSTOMER, { jobId: toCrm.id })).toEqual([expect.objectContaining({ sourceId: customerNo, code: 'TANDEM_UPDATE_CONFLICT' })]);
      await s.host.mappings.update(CUSTOMER, { updateConflictResolution: 'getUpdateFromIntegration' });
      await s.host.engine.run(CUSTOMER);
      expect((await s.erp().findOneOrFail(CustomerSchema, { no: customerNo })).name).toBe('Renamed in the CRM');
      expect((await s.crmRow('account', account)).values.name).toBe('Renamed in the CRM');
      await s.host.mappings.reset(CUSTOMER);
    });

    it('posting the order from the CRM invoices the CRM order and posts to the account\'s wall', async () => {
      const orderNo = await s.erpIdOf(SALES_ORDER, s.id('crmOrder'));
      const sales = s.host.container.resolve(SALES_ORDER_SERVICE);
      await sales.releaseSalesOrder(orderNo);
      await sales.postSalesOrder(orderNo);
      expect((await s.crmRow('salesorder', s.id('crmOrder'))).values).toMatchObject({ statecode: 4, statuscode: 100003 });
      const posts = await s.crmRows('post', { _regardingobjectid_value: s.id('matchedAccount') });
      expect(posts.map((p) => p.values.text)).toEqual([expect.stringMatching(/has been posted/)]);
      expect(await s.erp().count(SalesHeaderSchema, { no: orderNo })).toBe(0);
      expect(await s.erp().count(SalesInvoiceHeaderSchema, { externalDocumentNo: 'Spring order' })).toBe(1);
    });
  });
}
