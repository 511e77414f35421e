import { describe, expect, it } from 'vitest';
import {
  accountTable,
  deterministicId,
  DataverseValidationError,
  getDataverseTable,
  recordFromValues,
  recordJsonFromValues,
  rowFromRecord,
  rowHoldsValues,
  salesorderTable,
  sortByCursor,
  changedSinceCondition,
  excludeModifiedByCondition,
  isAfterCursor,
} from '@tandem/dataverse';

const ACCOUNT = 'aaaaaaaa-0000-0000-0000-000000000001';
const USER = 'bbbbbbbb-0000-0000-0000-000000000002';
const entitySetOf = (name: string) => (name === 'team' ? 'teams' : getDataverseTable(name).entitySetName);

describe('deterministicId', () => {
  it('is a stable version-5 UUID of the mapping and the business id', () => {
    const id = deterministicId('customer-account', 'C10000');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('customer-account', 'C10000')).toBe(id);
    expect(deterministicId('customer-account', 'C10001')).not.toBe(id);
    expect(deterministicId('vendor-account', 'C10000')).not.toBe(id);
    // `${mapping}:${businessId}` is the name: ("a:b", "c") and ("a", "b:c") collide by design of the format, so
    // mapping names must not contain ':' — pinned here so a change to the format is a visible decision.
    expect(deterministicId('a', 'b:c')).toBe(deterministicId('a:b', 'c'));
    // Pinned value, identical to what the core engine's deterministicId proposes (same namespace and name format).
    expect(id).toBe('888d0c1d-3dae-52ea-a02f-0d4ff11a06b7');
  });
});

describe('row mapping', () => {
  it('reads a Dataverse record into a core row: lookups from _x_value, dates as Date, etag and modified-by', () => {
    const row = rowFromRecord(accountTable, {
      '@odata.etag': 'W/"42"',
      accountid: ACCOUNT.toUpperCase(),
      name: "O'Neil Ltd",
      modifiedon: '2024-01-31T12:00:05Z',
      _modifiedby_value: USER,
      _parentaccountid_value: null,
      creditonhold: false,
    });
    expect(row).toEqual({
      id: ACCOUNT,
      modifiedOn: new Date('2024-01-31T12:00:05Z'),
      modifiedBy: USER,
      etag: 'W/"42"',
      values: {
        accountid: ACCOUNT,
        name: "O'Neil Ltd",
        modifiedon: new Date('2024-01-31T12:00:05Z'),
        _modifiedby_value: USER,
        _parentaccountid_value: null,
        creditonhold: false,
      },
    });
  });

  it('reads records of several shapes in turn, and a table definition changed in place, each as it is', () => {
    const at = '2024-01-31T12:00:05Z';
    const one = (extra: Record<string, unknown>) => rowFromRecord(accountTable, { '@odata.etag': 'W/"1"', accountid: ACCOUNT, modifiedon: at, ...extra }).values;
    expect(one({ name: 'A', telephone1: '1' })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'A', telephone1: '1' });
    expect(one({ name: 'B', telephone1: '2' })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'B', telephone1: '2' });
    // Other keys, in another order; a key that is no column is left out.
    expect(one({ telephone1: '3', unknowncolumn: 'x', name: 'C' })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), telephone1: '3', name: 'C' });
    expect(one({ name: 'D' })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'D' });
    expect(Object.keys(one({ telephone1: '3', name: 'C' }))).toEqual(['accountid', 'modifiedon', 'telephone1', 'name']);

    // A definition whose columns change in place: a column added, one made a date, one removed.
    const table = { ...accountTable, fields: { ...accountTable.fields } };
    const read = (record: Record<string, unknown>) => rowFromRecord(table, { accountid: ACCOUNT, modifiedon: at, ...record }).values;
    expect(read({ name: 'A', extra: 'e' })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'A' });
    table.fields['extra'] = { ...table.fields['name']!, name: 'extra', logicalName: 'extra' };
    expect(read({ name: 'A', extra: 'e' })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'A', extra: 'e' });
    table.fields['extra'] = { ...table.fields['modifiedon']!, name: 'extra', logicalName: 'extra' };
    expect(read({ name: 'A', extra: at })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'A', extra: new Date(at) });
    delete table.fields['extra'];
    expect(read({ name: 'A', extra: at })).toEqual({ accountid: ACCOUNT, modifiedon: new Date(at), name: 'A' });
  });

  it('writes lookups with @odata.bind (by read name or logical name), dates as ISO, and refuses read-only columns', () => {
    const body = recordFromValues(
      accountTable,
      { name: 'A', _parentaccountid_value: ACCOUNT, primarycontactid: null, accountid: ACCOUNT },
      { mode: 'create', entitySetOf },
    );
    expect(body).toEqual({ name: 'A', 'parentaccountid@odata.bind': `/accounts(${ACCOUNT})`, 'primarycontactid@odata.bind': null });
    expect(() => recordFromValues(accountTable, { modifiedon: new Date() }, { mode: 'update', entitySetOf })).toThrow(DataverseValidationError);
    expect(() => recordFromValues(accountTable, { bogus: 1 }, { mode: 'update', entitySetOf })).toThrow(/Unknown column/);
    expect(recordFromValues(accountTable, { modifiedon: new Date(), name: 'B' }, { mode: 'update', entitySetOf, skipInvalid: true })).toEqual({ name: 'B' });
  });

  it('binds polymorphic lookups per target: explicit { table, id }, a resolved target, or the first target', () => {
    const contact = 'cccccccc-0000-0000-0000-000000000003';
    expect(recordFromValues(salesorderTable, { _customerid_value: { table: 'contact', id: contact } }, { mode: 'create', entitySetOf })).toEqual({
      'customerid_contact@odata.bind': `/contacts(${contact})`,
    });
    expect(
      recordFromValues(salesorderTable, { _customerid_value: contact }, { mode: 'create', entitySetOf, targetOf: () => 'contact' }),
    ).toEqual({ 'customerid_contact@odata.bind': `/contacts(${contact})` });
    expect(recordFromValues(salesorderTable, { _customerid_value: ACCOUNT }, { mode: 'create', entitySetOf })).toEqual({
      'customerid_account@odata.bind': `/accounts(${ACCOUNT})`,
    });
    expect(recordFromValues(salesorderTable, { ownerid: { table: 'team', id: USER } }, { mode: 'create', entitySetOf })).toEqual({
      'ownerid@odata.bind': `/teams(${USER})`,
    });
    // The same id bound to another table right after: its own entity set (bind texts are kept per id and set).
    expect(recordFromValues(salesorderTable, { ownerid: { table: 'systemuser', id: USER } }, { mode: 'create', entitySetOf })).toEqual({
      'ownerid@odata.bind': `/systemusers(${USER})`,
    });
  });

  it('writes a body as JSON text exactly as JSON.stringify gives the body object, with the id last', () => {
    const values: Record<string, unknown>[] = [
      { name: 'A', _parentaccountid_value: ACCOUNT, primarycontactid: null, accountid: ACCOUNT, numberofemployees: 12, creditonhold: true },
      // Text JSON escapes (quote, backslash, control characters, a lone surrogate) and text it leaves as it is.
      { name: 'say "hi" \\ tab\t nul\u0000 lone \ud800 pair 😀 Zürich \u2028', description: '' },
      // Numbers JSON has no form for, negative zero, a date, a decimal text; undefined is left out.
      { revenue: Number.NaN, numberofemployees: -0, creditlimit: '12.50', overriddencreatedon: new Date('2024-01-31T12:00:05.123Z'), fax: undefined },
      // A key given twice (read name, then logical name; a raw bind): the later value in the first place, as an object keeps it.
      { _parentaccountid_value: ACCOUNT, name: 'B', parentaccountid: USER, 'parentaccountid@odata.bind': `/accounts(${USER})` },
      // Raw annotation values of any JSON shape; a function has no JSON form and is left out, as in an object.
      { 'x@odata.type': { nested: ['a', 1, null, { b: '"' }] }, 'f@odata.bind': () => 1, name: 'C' },
      // Left out first, last, or alone: the text around the others stays whole.
      { 'f@odata.bind': () => 1, name: 'D' },
      { name: 'E', 'f@odata.bind': Symbol('s') },
      { 'f@odata.bind': () => 1 },
      // A body written while another is (a value's `toJSON` writes one).
      { 'x@odata.type': { toJSON: () => recordJsonFromValues(accountTable, { name: 'inner', numberofemployees: 3 }, { mode: 'create', entitySetOf }) }, name: 'F' },
      {},
    ];
    for (const value of values) {
      for (const mode of ['create', 'update'] as const) {
        const options = { mode, entitySetOf, skipInvalid: true };
        const body = recordFromValues(accountTable, value, options);
        expect(recordJsonFromValues(accountTable, value, options)).toBe(JSON.stringify(body));
        body.accountid = ACCOUNT;
        expect(recordJsonFromValues(accountTable, value, options, { key: 'accountid', value: ACCOUNT })).toBe(JSON.stringify(body));
      }
    }
    expect(() => recordJsonFromValues(accountTable, { modifiedon: new Date() }, { mode: 'update', entitySetOf })).toThrow(DataverseValidationError);
    expect(() => recordJsonFromValues(accountTable, { bogus: 1 }, { mode: 'update', entitySetOf })).toThrow(/Unknown column/);
  });

  it('recognises a row that already holds the written values', () => {
    const row = rowFromRecord(accountTable, { accountid: ACCOUNT, name: 'A', modifiedon: '2024-01-31T12:00:05Z', _parentaccountid_value: ACCOUNT });
    expect(rowHoldsValues(accountTable, row, { name: 'A', _parentaccountid_value: ACCOUNT.toUpperCase() })).toBe(true);
    expect(rowHoldsValues(accountTable, row, { name: 'a' })).toBe(false);
  });
});

describe('change cursor', () => {
  const cursor = { modifiedOn: new Date('2024-01-31T12:00:05.400Z'), id: 'b' };
  const row = (id: string, at: string) => ({ id, modifiedOn: new Date(at), values: {} });

  it('asks the service for the rows after a (modifiedon, id) keyset; a cursor without an id starts at the next whole second', () => {
    expect(changedSinceCondition(accountTable, cursor)).toBe('modifiedon ge 2024-01-31T12:00:06Z');
    expect(changedSinceCondition(accountTable, { modifiedOn: new Date('2024-01-31T12:00:05Z'), id: '' })).toBe('modifiedon ge 2024-01-31T12:00:05Z');
    expect(changedSinceCondition(accountTable, { modifiedOn: new Date('2024-01-31T12:00:05Z'), id: ACCOUNT.toUpperCase() })).toBe(
      `modifiedon ge 2024-01-31T12:00:05Z and (modifiedon ge 2024-01-31T12:00:06Z or (modifiedon lt 2024-01-31T12:00:06Z and accountid gt ${ACCOUNT}))`,
    );
    expect(changedSinceCondition(accountTable, undefined)).toBeUndefined();
    const tie = { modifiedOn: new Date('2024-01-31T12:00:05Z'), id: '5' };
    expect(isAfterCursor(row('4', '2024-01-31T12:00:05Z'), tie)).toBe(false);
    expect(isAfterCursor(row('5', '2024-01-31T12:00:05Z'), tie)).toBe(false);
    expect(isAfterCursor(row('6', '2024-01-31T12:00:05Z'), tie)).toBe(true);
    expect(isAfterCursor(row('0', '2024-01-31T12:00:06Z'), tie)).toBe(true);
    const sorted = sortByCursor([row('c', '2024-01-01T00:00:01Z'), row('b', '2024-01-01T00:00:02Z'), row('a', '2024-01-01T00:00:01Z')]);
    expect(sorted.map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('excludes the integration identity but keeps rows without a modifier', () => {
    expect(excludeModifiedByCondition(accountTable, USER.toUpperCase())).toBe(`(_modifiedby_value ne ${USER} or _modifiedby_value eq null)`);
    expect(excludeModifiedByCondition(accountTable, "x' or 1 eq 1")).toBeUndefined();
  });
});
