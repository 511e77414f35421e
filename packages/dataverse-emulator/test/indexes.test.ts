import { randomUUID } from 'node:crypto';
import { changedRowsOrder, changedSinceCondition, dataverseTables } from '@tandem/dataverse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSkipToken } from '../src/odata/SkipToken';
import { startTestEmulator, type TestEmulator } from './helpers';

// Item 10: id lookups and modifiedon reads use indexes (EXPLAIN QUERY PLAN), never a table scan.
describe('no scans for point work', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator();
    for (let i = 0; i < 50; i++) await t.api('accounts', { body: { name: `Row ${i}` } });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  const expectSearch = (plan: string[], pattern: RegExp): void => {
    expect(plan.join('\n')).toMatch(pattern);
    expect(plan.some((line) => /^SCAN account\b(?! USING)/.test(line)), plan.join('\n')).toBe(false);
  };

  it('looks a row up by id through the primary key index', () => {
    expectSearch(t.emulator.explainQuery(`accounts(${randomUUID()})`), /SEARCH account USING (?:INDEX sqlite_autoindex_account_1|PRIMARY KEY) \(accountid=\?\)/);
  });

  it('reads changed rows through the modifiedon index', () => {
    expectSearch(t.emulator.explainQuery('accounts?$filter=modifiedon gt 2024-01-01T00:00:00Z'), /SEARCH account USING INDEX ix_account_modifiedon \(modifiedon>\?\)/);
    expectSearch(
      t.emulator.explainQuery('accounts?$filter=modifiedon ge 2024-01-01T00:00:00Z and modifiedon le 2024-02-01T00:00:00Z&$orderby=modifiedon asc,accountid asc'),
      /SEARCH account USING INDEX ix_account_modifiedon \(modifiedon>\? AND modifiedon<\?\)/,
    );
  });

  it("continues the connector's change cursor at the cursor's second, not at the index's first row", () => {
    // The connector's keyset (modified-on, id) as `DataverseStore.readChanged` sends it: a scan of the whole index
    // per page made a full read cost the square of the rows.
    const after = { modifiedOn: new Date('2024-01-01T00:00:05.400Z'), id: randomUUID() };
    const filter = changedSinceCondition(dataverseTables.account, after)!;
    const orderBy = changedRowsOrder(dataverseTables.account).join(',');
    const plan = t.emulator.explainQuery(`accounts?$select=name&$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent(orderBy)}`);
    expectSearch(plan, /SEARCH account USING INDEX ix_account_modifiedon \(modifiedon>\?\)/);
    expect(plan.join('\n')).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it('continues a modifiedon-ordered page from its cookie through the index', () => {
    const token = encodeSkipToken({ page: 2, last: ['2024-01-01T00:00:00Z', randomUUID()] });
    const plan = t.emulator.explainQuery(`accounts?$orderby=modifiedon,accountid&$skiptoken=${encodeURIComponent(token)}`);
    expectSearch(plan, /SEARCH account USING INDEX ix_account_modifiedon \(modifiedon>\?\)/);
    expect(plan.join('\n')).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it('filters on lookups through their own indexes and pages by id without sorting', () => {
    expectSearch(t.emulator.explainQuery(`accounts?$filter=_parentaccountid_value eq ${randomUUID()}`), /SEARCH account USING INDEX ix_account__parentaccountid_value \(_parentaccountid_value=\?\)/);
    const token = encodeSkipToken({ page: 2, last: [randomUUID()] });
    expectSearch(t.emulator.explainQuery(`accounts?$skiptoken=${encodeURIComponent(token)}`), /SEARCH account USING (?:INDEX sqlite_autoindex_account_1|PRIMARY KEY) \(accountid>\?\)/);
  });

  it('finds rows by their primary name through its index, case-insensitively', async () => {
    const names = ["name eq 'Row 1'", "name eq 'row 2'", "name eq 'ROW 3'"];
    const query = (filter: string) => `accounts?$select=name&$filter=${encodeURIComponent(filter)}`;
    expectSearch(t.emulator.explainQuery(query(names[0]!)), /SEARCH account USING INDEX ix_account_name \(name=\?\)/);
    expectSearch(t.emulator.explainQuery(query(`customertypecode eq 3 and (${names.join(' or ')})`)), /SEARCH account USING INDEX ix_account_name \(name=\?\)/);
    expectSearch(t.emulator.explainQuery(query("name in ('Row 1','row 2')")), /SEARCH account USING INDEX ix_account_name \(name=\?\)/);
    const response = await t.api(query(names.join(' or ')));
    const rows = ((await response.json()) as { value: { name: string }[] }).value;
    expect(rows.map((row) => row.name).sort()).toEqual(['Row 1', 'Row 2', 'Row 3']);
  });

  it('creates the id, modifiedon and lookup indexes on every table', () => {
    const indexes = t.emulator.db.prepare("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'").all() as { tbl_name: string; name: string }[];
    for (const table of ['account', 'contact', 'salesorder', 'salesorderdetail', 'product', 'systemuser']) {
      const names = indexes.filter((index) => index.tbl_name === table).map((index) => index.name);
      expect(names).toContain(`ix_${table}_modifiedon`);
      expect(names).toContain(`sqlite_autoindex_${table}_1`);
      expect(names).toContain(`ix_${table}__modifiedby_value`);
    }
  });
});
