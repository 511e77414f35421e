import { afterEach, describe, expect, it } from 'vitest';
import { CustomerSchema } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CUSTOMER, CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { startTestPair, type TestPair } from '@tandem/testing';
import { ACCOUNT_VIEW, AccountViewErrorCodes, AccountViewPlugin, crmStatsCommand } from '../src/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function insert(p: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await p.crm.write(table, [{ kind: 'insert', ref: table, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no result');
  return result.id;
}

async function update(p: TestPair, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await p.crm.write(table, [{ kind: 'update', ref: id, id, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no result');
}

describe('the CRM view of a customer', () => {
  it('counts and lists the open opportunities, quotes and cases of the coupled account, newest first, with links', async () => {
    const p = (pair = await startTestPair({ plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, AccountViewPlugin] }));
    const em = p.erp();
    for (const no of ['C1', 'C2']) em.create(CustomerSchema, { no, name: `Customer ${no}`, blocked: '' } as never);
    await em.flush();
    const account = await insert(p, 'account', { name: 'Adatum', customertypecode: 3 });
    const other = await insert(p, 'account', { name: 'Other', customertypecode: 3 });
    await p.host.engine.couple(CUSTOMER, 'C1', account);
    const priceList = await insert(p, 'pricelevel', { name: 'Default' });

    await insert(p, 'opportunity', { name: 'Chairs', parentaccountid: account, estimatedvalue: 1200 });
    await insert(p, 'opportunity', { name: 'Desks', customerid: { table: 'account', id: account } });
    const won = await insert(p, 'opportunity', { name: 'Won one', parentaccountid: account });
    await update(p, 'opportunity', won, { statecode: 1, statuscode: 3 });
    await insert(p, 'opportunity', { name: 'Not ours', parentaccountid: other });
    const quote = (name: string, customer: string) => insert(p, 'quote', { name, customerid: { table: 'account', id: customer }, pricelevelid: priceList });
    await quote('Draft quote', account);
    const active = await quote('Active quote', account);
    await update(p, 'quote', active, { statecode: 1, statuscode: 2 });
    const revised = await quote('Revised quote', account);
    await update(p, 'quote', revised, { statecode: 3, statuscode: 7 });
    await quote('Other quote', other);
    const open = await insert(p, 'incident', { title: 'Broken leg', customerid: { table: 'account', id: account }, ticketnumber: 'CAS-1' });
    const resolved = await insert(p, 'incident', { title: 'Solved', customerid: { table: 'account', id: account } });
    await update(p, 'incident', resolved, { statecode: 1, statuscode: 5 });

    const view = await p.host.container.resolve(ACCOUNT_VIEW).forCustomer('C1');
    expect(view).toMatchObject({ customerNo: 'C1', accountId: account, accountName: 'Adatum' });
    expect(view.accountUrl).toContain(`etn=account&id=${account}`);
    expect(view.opportunities.count).toBe(2);
    expect(view.opportunities.rows.map((r) => r.name).sort()).toEqual(['Chairs', 'Desks']);
    expect(view.opportunities.rows.find((r) => r.name === 'Chairs')).toMatchObject({ amount: 1200, statecode: 0 });
    expect(view.quotes.count).toBe(2);
    expect(view.quotes.rows.map((r) => r.name).sort()).toEqual(['Active quote', 'Draft quote']);
    expect(view.cases).toMatchObject({ count: 1, rows: [{ id: open, name: 'Broken leg', number: 'CAS-1', statecode: 0 }] });
    expect(view.cases.rows[0]!.url).toContain(`etn=incident&id=${open}`);

    const countsOnly = await p.host.container.resolve(ACCOUNT_VIEW).forCustomer('C1', { limit: 0 });
    expect([countsOnly.opportunities, countsOnly.quotes, countsOnly.cases].map((l) => [l.count, l.rows.length])).toEqual([[2, 0], [2, 0], [1, 0]]);
  });

  it('says clearly why there is nothing to show', async () => {
    const p = (pair = await startTestPair({ plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, AccountViewPlugin] }));
    const em = p.erp();
    em.create(CustomerSchema, { no: 'C1', name: 'Customer C1', blocked: '' } as never);
    em.create(CustomerSchema, { no: 'C2', name: 'Customer C2', blocked: '' } as never);
    await em.flush();
    const account = await insert(p, 'account', { name: 'Gone soon', customertypecode: 3 });
    await p.host.engine.couple(CUSTOMER, 'C2', account);
    await p.crm.write('account', [{ kind: 'delete', ref: account, id: account }]);
    const view = p.host.container.resolve(ACCOUNT_VIEW);
    await expect(view.forCustomer('NOPE')).rejects.toMatchObject({ code: AccountViewErrorCodes.CUSTOMER_NOT_FOUND });
    await expect(view.forCustomer('C1')).rejects.toMatchObject({ code: AccountViewErrorCodes.NOT_COUPLED, message: expect.stringContaining('customer C1 is not coupled') });
    await expect(view.forCustomer('C2')).rejects.toMatchObject({ code: AccountViewErrorCodes.ACCOUNT_MISSING });
    await expect(view.forCustomer('C1', { limit: -1 })).rejects.toMatchObject({ code: AccountViewErrorCodes.LIMIT_INVALID });
  });

  it('is what `tandem crm-stats <customer>` prints, as text or JSON', async () => {
    const p = (pair = await startTestPair({ plugins: [SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin, AccountViewPlugin] }));
    const em = p.erp();
    em.create(CustomerSchema, { no: 'C1', name: 'Customer C1', blocked: '' } as never);
    await em.flush();
    const account = await insert(p, 'account', { name: 'Adatum', customertypecode: 3 });
    await p.host.engine.couple(CUSTOMER, 'C1', account);
    await insert(p, 'opportunity', { name: 'Chairs', parentaccountid: account, estimatedvalue: 1200 });
    await insert(p, 'incident', { title: 'Broken leg', customerid: { table: 'account', id: account }, ticketnumber: 'CAS-1' });
    expect(p.host.plugins.flatMap((plugin) => plugin.commands ?? []).map((c) => c.name)).toContain('crm-stats');

    const printed = { lines: [] as string[], json: [] as unknown[], errors: [] as string[] };
    const output = { line: (t = '') => printed.lines.push(t), json: (v: unknown) => printed.json.push(v), error: (t: string) => printed.errors.push(t) };
    await crmStatsCommand.run(p.host, ['C1'], { limit: '10' }, output);
    expect(printed.lines[0]).toBe(`Customer C1 ↔ account Adatum (${account})`);
    expect(printed.lines).toContain('Open opportunities: 1');
    expect(printed.lines).toContain('Open quotes: 0');
    expect(printed.lines).toContain('Open cases: 1');
    expect(printed.lines.find((l) => l.includes('CAS-1 Broken leg'))).toContain('etn=incident');

    await crmStatsCommand.run(p.host, ['C1'], { limit: '0', json: true }, output);
    expect(printed.json[0]).toMatchObject({ customerNo: 'C1', accountId: account, opportunities: { count: 1, rows: [] }, cases: { count: 1 } });
    await expect(crmStatsCommand.run(p.host, ['C1'], { limit: 'ten' }, output)).rejects.toMatchObject({ code: AccountViewErrorCodes.LIMIT_INVALID });
    await expect(crmStatsCommand.run(p.host, ['NOPE'], { limit: '10' }, output)).rejects.toMatchObject({ code: AccountViewErrorCodes.CUSTOMER_NOT_FOUND });
  });
});
