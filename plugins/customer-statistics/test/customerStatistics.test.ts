import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { CustomerSchema } from '@tandem/erp';
import { changeCrm, type TestPair } from '@tandem/testing';
import {
  ACCOUNT_STATISTICS_VALUE,
  CUSTOMER_STATISTICS,
  CUSTOMER_STATISTICS_SERVICE,
  CustomerStatisticsErrorCodes,
  STATISTICS_TABLE,
  updateStatisticsCommand,
} from '../src/index';
import { crmRow, invoiceAndOpenOrder, pay, sleep, statisticsPair } from './fixtures';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const money = (row: Record<string, unknown> | undefined, column: string) => Number(row?.[column]);

describe('the customer statistics job (CUSTOMER-STATISTICS)', () => {
  it('writes each coupled customer\'s statistics to a new row linked from its account; a bad currency fails only that customer', async () => {
    const world = await statisticsPair();
    pair = world.pair;
    await invoiceAndOpenOrder(pair, 'C00001', 5, 2); // invoice 52.5 (due long ago), open order 21
    await pay(pair, 'C00001', 20);

    const job = await pair.host.jobs.run(CUSTOMER_STATISTICS);
    expect([job.inserted, job.modified, job.failed]).toEqual([2, 0, 1]);
    expect((await pair.host.state.errors(CUSTOMER_STATISTICS, { jobId: job.id })).map((e) => [e.sourceId, e.code])).toEqual([
      ['C00003', CustomerStatisticsErrorCodes.CURRENCY_INVALID],
    ]);
    const [error] = await pair.host.state.errors(CUSTOMER_STATISTICS);
    expect(error!.message).toContain('"XXX"');

    const account = await crmRow(pair, 'account', world.accounts.C00001!);
    const statisticsId = account![ACCOUNT_STATISTICS_VALUE] as string;
    expect(statisticsId).toBeTruthy();
    const row = await crmRow(pair, STATISTICS_TABLE, statisticsId);
    expect(row).toMatchObject({ nav_customerno: 'C00001' });
    expect(money(row, 'nav_balancelcy')).toBe(32.5);
    expect(money(row, 'nav_outstandingorderslcy')).toBe(21);
    expect(money(row, 'nav_totallcy')).toBe(53.5);
    expect(money(row, 'nav_overdueamountslcy')).toBe(32.5);
    expect(money(row, 'nav_totalsaleslcy')).toBe(52.5);
    expect(money(row, 'nav_creditlimitlcy')).toBe(1000);
    // Fields that are 0 were written over the 1 a new row starts with, so the CRM shows 0, not "--".
    expect(money(row, 'nav_shippednotinvoicedlcy')).toBe(0);
    const asOf = row!['nav_overdueamountsasof'];
    expect(asOf instanceof Date ? asOf.toISOString().slice(0, 10) : String(asOf).slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    const c2 = await crmRow(pair, STATISTICS_TABLE, (await crmRow(pair, 'account', world.accounts.C00002!))![ACCOUNT_STATISTICS_VALUE] as string);
    expect([money(c2, 'nav_balancelcy'), money(c2, 'nav_totalsaleslcy')]).toEqual([0, 0]);
    expect((await crmRow(pair, 'account', world.accounts.C00003!))![ACCOUNT_STATISTICS_VALUE]).toBeNull();
  });

  it('linking the account does not bounce back: the coupling\'s CRM stamp moves with it and CUSTOMER fromIntegration writes nothing', async () => {
    const world = await statisticsPair();
    pair = world.pair;
    const before = await pair.erp().findOneOrFail(CustomerSchema, { no: 'C00001' });
    await pair.host.jobs.run(CUSTOMER_STATISTICS);

    const account = await pair.host.stores.integration.getByIds('account', [world.accounts.C00001!]);
    const coupling = await pair.host.state.findCoupling(CUSTOMER, 'business', 'C00001');
    expect(coupling!.integrationModifiedOn!.getTime()).toBe(account[0]!.modifiedOn.getTime());

    const [fromCrm] = await pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration' });
    expect([fromCrm!.inserted, fromCrm!.modified, fromCrm!.failed]).toEqual([0, 0, 0]);
    const after = await pair.erp().findOneOrFail(CustomerSchema, { no: 'C00001' });
    expect(after.modifiedAt.getTime()).toBe(before.modifiedAt.getTime());
  });

  it('an account a user changed since CUSTOMER last synced it is linked only after CUSTOMER has brought the change over', async () => {
    const world = await statisticsPair();
    pair = world.pair;
    await sleep(1100); // Dataverse stamps whole seconds: the user's edit must come after the coupling's stamp
    await changeCrm(pair, 'account', world.accounts.C00001!, { telephone1: '+1 555 0100' }); // as a CRM user
    await pair.host.jobs.run(CUSTOMER_STATISTICS);
    expect((await crmRow(pair, 'account', world.accounts.C00001!))?.[ACCOUNT_STATISTICS_VALUE]).toBeNull(); // not linked yet
    expect((await crmRow(pair, 'account', world.accounts.C00002!))?.[ACCOUNT_STATISTICS_VALUE]).toBeTruthy();

    const [fromCrm] = await pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration' });
    expect(fromCrm!.modified).toBe(1);
    expect((await pair.erp().findOneOrFail(CustomerSchema, { no: 'C00001' })).phoneNo).toBe('+1 555 0100');

    await pair.host.jobs.run(CUSTOMER_STATISTICS);
    expect((await crmRow(pair, 'account', world.accounts.C00001!))?.[ACCOUNT_STATISTICS_VALUE]).toBeTruthy();
    const [quiet] = await pair.host.engine.run(CUSTOMER, { direction: 'fromIntegration' });
    expect([quiet!.inserted, quiet!.modified, quiet!.failed]).toEqual([0, 0, 0]);
  });

  it('re-sends only customers with new ledger or order activity since the last run', async () => {
    const world = await statisticsPair();
    pair = world.pair;
    await invoiceAndOpenOrder(pair, 'C00001', 1, 0);
    await sleep(1200); // the setup's activity is now older than the job's overlap window
    const first = await pair.host.jobs.run(CUSTOMER_STATISTICS);
    expect(first.inserted).toBe(2);
    const c1Row = (await crmRow(pair, 'account', world.accounts.C00001!))![ACCOUNT_STATISTICS_VALUE] as string;
    const c1Stamp = (await pair.host.stores.integration.getByIds(STATISTICS_TABLE, [c1Row]))[0]!.modifiedOn;

    // No activity: nothing is considered, nothing is sent (C00003 is retried, as it never uploaded).
    const idle = await pair.host.jobs.run(CUSTOMER_STATISTICS);
    expect([idle.inserted, idle.modified, idle.unchanged]).toEqual([0, 0, 0]);

    await pay(pair, 'C00002', 15); // a payment with nothing to apply: balance -15
    const next = await pair.host.jobs.run(CUSTOMER_STATISTICS);
    expect([next.inserted, next.modified, next.unchanged]).toEqual([0, 1, 0]);
    const c2 = await crmRow(pair, STATISTICS_TABLE, (await crmRow(pair, 'account', world.accounts.C00002!))![ACCOUNT_STATISTICS_VALUE] as string);
    expect(money(c2, 'nav_balancelcy')).toBe(-15);
    expect((await pair.host.stores.integration.getByIds(STATISTICS_TABLE, [c1Row]))[0]!.modifiedOn).toEqual(c1Stamp);
  });

  it('makes a statistics row deleted in the CRM again and links it; a customer whose account is gone fails alone', async () => {
    const world = await statisticsPair();
    pair = world.pair;
    await pair.host.jobs.run(CUSTOMER_STATISTICS);
    const old = (await crmRow(pair, 'account', world.accounts.C00001!))![ACCOUNT_STATISTICS_VALUE] as string;
    await pair.crm.write(STATISTICS_TABLE, [{ kind: 'delete', ref: 'x', id: old }]);
    await pair.crm.write('account', [{ kind: 'delete', ref: 'y', id: world.accounts.C00002! }]);

    const report = await pair.host.container.resolve(CUSTOMER_STATISTICS_SERVICE).updateCustomers(['C00001', 'C00002', 'C00004']);
    expect(report.inserted).toBe(1);
    expect(report.failed.map((f) => [f.customerNo, f.code])).toEqual([
      ['C00004', CustomerStatisticsErrorCodes.NOT_COUPLED],
      ['C00002', CustomerStatisticsErrorCodes.ACCOUNT_MISSING],
    ]);
    const relinked = (await crmRow(pair, 'account', world.accounts.C00001!))![ACCOUNT_STATISTICS_VALUE] as string;
    expect(await crmRow(pair, STATISTICS_TABLE, relinked)).toMatchObject({ nav_customerno: 'C00001' });
  });

  it('runs every 30 minutes, and on demand through `tandem update-account-statistics`', async () => {
    const world = await statisticsPair();
    pair = world.pair;
    const [entry] = await pair.host.state.scheduleEntries(CUSTOMER_STATISTICS);
    expect(entry!.intervalSeconds).toBe(1800);
    expect(pair.host.plugins.flatMap((p) => p.commands ?? []).map((c) => c.name)).toContain('update-account-statistics');

    const out: unknown[] = [];
    const errors: string[] = [];
    const output = { line: (t?: string) => out.push(t), json: (v: unknown) => out.push(v), error: (t: string) => errors.push(t) };
    expect(await updateStatisticsCommand.run(pair.host, [['C00001', 'NOPE']], {}, output)).toBe(1);
    expect(out[0]).toBe('Updated account statistics: 1 new, 0 changed, 0 unchanged, 1 failed.');
    expect(errors[0]).toContain(CustomerStatisticsErrorCodes.CUSTOMER_NOT_FOUND);
    expect(await updateStatisticsCommand.run(pair.host, [[]], { json: true }, output)).toBe(1); // the job: C00003 fails
    expect(out[1]).toMatchObject({ job: { mapping: CUSTOMER_STATISTICS, inserted: 1, failed: 1 } });
  });
});
