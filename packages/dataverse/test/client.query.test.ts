import { describe, expect, it } from 'vitest';
import {
  buildQueryString,
  DataverseFilterError,
  entityPath,
  filterToOData,
  idFromEntityUrl,
  odataLiteral,
  type ODataFieldResolver,
} from '@tandem/dataverse';

const GUID = '6F9619FF-8B86-D011-B42D-00C04FC964FF';

const fields: Record<string, { name: string; type: 'string' | 'uuid' | 'lookup' | 'datetime' | 'date' | 'integer' | 'boolean' | 'decimal' }> = {
  name: { name: 'name', type: 'string' },
  accountid: { name: 'accountid', type: 'uuid' },
  parentaccountid: { name: '_parentaccountid_value', type: 'lookup' },
  modifiedon: { name: 'modifiedon', type: 'datetime' },
  requestdeliveryby: { name: 'requestdeliveryby', type: 'date' },
  numberofemployees: { name: 'numberofemployees', type: 'integer' },
  creditonhold: { name: 'creditonhold', type: 'boolean' },
  revenue: { name: 'revenue', type: 'decimal' },
};
const resolve: ODataFieldResolver = (field) => fields[field];

describe('odataLiteral', () => {
  it('quotes text and doubles embedded quotes', () => {
    expect(odataLiteral("O'Neil", 'string')).toBe("'O''Neil'");
    expect(odataLiteral("''", 'string')).toBe("''''''");
    expect(odataLiteral('plain')).toBe("'plain'");
  });

  it('writes GUIDs unquoted and lower-case, and refuses anything else for GUID fields', () => {
    expect(odataLiteral(GUID, 'uuid')).toBe(GUID.toLowerCase());
    expect(odataLiteral(GUID, 'lookup')).toBe(GUID.toLowerCase());
    expect(() => odataLiteral("x' or 1 eq 1 or 'a", 'uuid')).toThrow(DataverseFilterError);
    // A GUID-looking value in a text column stays a quoted string.
    expect(odataLiteral(GUID, 'string')).toBe(`'${GUID}'`);
  });

  it('writes dates unquoted: date-times in UTC without empty milliseconds, date-only as yyyy-mm-dd', () => {
    expect(odataLiteral(new Date('2024-01-31T12:34:56Z'), 'datetime')).toBe('2024-01-31T12:34:56Z');
    expect(odataLiteral(new Date('2024-01-31T12:34:56.789Z'), 'datetime')).toBe('2024-01-31T12:34:56.789Z');
    expect(odataLiteral('2024-01-31T14:34:56+02:00', 'datetime')).toBe('2024-01-31T12:34:56Z');
    expect(odataLiteral(new Date('2024-01-31T00:00:00Z'), 'date')).toBe('2024-01-31');
    expect(odataLiteral('2024-02-29', 'date')).toBe('2024-02-29');
    expect(odataLiteral(new Date('2024-01-31T12:00:00Z'))).toBe('2024-01-31T12:00:00Z');
    expect(() => odataLiteral('yesterday', 'datetime')).toThrow(DataverseFilterError);
    expect(() => odataLiteral(new Date('nope'), 'datetime')).toThrow(DataverseFilterError);
  });

  it('writes null, booleans and numbers plainly, and refuses non-finite numbers', () => {
    expect(odataLiteral(null, 'string')).toBe('null');
    expect(odataLiteral(null, 'uuid')).toBe('null');
    expect(odataLiteral(true)).toBe('true');
    expect(odataLiteral(false, 'boolean')).toBe('false');
    expect(odataLiteral(42, 'integer')).toBe('42');
    expect(odataLiteral(-1.5, 'decimal')).toBe('-1.5');
    expect(odataLiteral('17', 'integer')).toBe('17');
    expect(() => odataLiteral('17; drop', 'integer')).toThrow(DataverseFilterError);
    expect(() => odataLiteral(Number.NaN)).toThrow(DataverseFilterError);
    expect(() => odataLiteral(Number.POSITIVE_INFINITY, 'decimal')).toThrow(DataverseFilterError);
  });
});

describe('filterToOData', () => {
  it('translates equality, comparisons and null with the field wire names', () => {
    expect(filterToOData({ name: "O'Neil" }, resolve)).toBe("name eq 'O''Neil'");
    expect(filterToOData({ parentaccountid: GUID }, resolve)).toBe(`_parentaccountid_value eq ${GUID.toLowerCase()}`);
    expect(filterToOData({ parentaccountid: null }, resolve)).toBe('_parentaccountid_value eq null');
    expect(filterToOData({ parentaccountid: { $ne: null } }, resolve)).toBe('_parentaccountid_value ne null');
    expect(filterToOData({ numberofemployees: { $gt: 10, $lte: 100 } }, resolve)).toBe('numberofemployees gt 10 and numberofemployees le 100');
    expect(filterToOData({ modifiedon: { $gte: new Date('2024-01-01T00:00:00Z'), $lt: new Date('2024-02-01T00:00:00Z') } }, resolve)).toBe(
      'modifiedon ge 2024-01-01T00:00:00Z and modifiedon lt 2024-02-01T00:00:00Z',
    );
    expect(filterToOData({ requestdeliveryby: { $eq: new Date('2024-03-05T00:00:00Z') } }, resolve)).toBe('requestdeliveryby eq 2024-03-05');
    expect(filterToOData({ creditonhold: false, revenue: { $ne: 0 } }, resolve)).toBe('creditonhold eq false and revenue ne 0');
  });

  it('translates $in / $nin, including empty lists', () => {
    expect(filterToOData({ name: { $in: ['a', "b'c"] } }, resolve)).toBe("(name eq 'a' or name eq 'b''c')");
    expect(filterToOData({ name: { $in: ['only'] } }, resolve)).toBe("name eq 'only'");
    expect(filterToOData({ name: { $nin: ['a', 'b'] } }, resolve)).toBe("(name ne 'a' and name ne 'b')");
    expect(filterToOData({ name: { $in: [] } }, resolve)).toBe('(name eq null and name ne null)');
    expect(filterToOData({ name: { $nin: [] } }, resolve)).toBe('(name eq null or name ne null)');
  });

  it('translates $and / $or with parentheses', () => {
    expect(filterToOData({ $or: [{ name: 'a' }, { name: 'b', creditonhold: true }] }, resolve)).toBe(
      "(name eq 'a' or (name eq 'b' and creditonhold eq true))",
    );
    expect(filterToOData({ creditonhold: false, $or: [{ name: 'a' }, { numberofemployees: { $gt: 5 } }] }, resolve)).toBe(
      "creditonhold eq false and (name eq 'a' or numberofemployees gt 5)",
    );
    expect(filterToOData({ $and: [{ name: 'a' }, { $or: [{ numberofemployees: 1 }, { numberofemployees: 2 }] }] }, resolve)).toBe(
      "(name eq 'a' and (numberofemployees eq 1 or numberofemployees eq 2))",
    );
    expect(filterToOData({}, resolve)).toBe('');
    expect(filterToOData(undefined, resolve)).toBe('');
    expect(() => filterToOData({ $or: [] }, resolve)).toThrow(DataverseFilterError);
  });

  it('translates $like patterns to eq / startswith / endswith / contains, and refuses the rest clearly', () => {
    expect(filterToOData({ name: { $like: 'Contoso' } }, resolve)).toBe("name eq 'Contoso'");
    expect(filterToOData({ name: { $like: "O'N%" } }, resolve)).toBe("startswith(name,'O''N')");
    expect(filterToOData({ name: { $like: '%Ltd.' } }, resolve)).toBe("endswith(name,'Ltd.')");
    expect(filterToOData({ name: { $like: '%oso%' } }, resolve)).toBe("contains(name,'oso')");
    expect(filterToOData({ name: { $like: 'A_C%' } }, resolve)).toBe("startswith(name,'A_C')");
    expect(filterToOData({ name: { $like: '%' } }, resolve)).toBe('name ne null');
    expect(() => filterToOData({ name: { $like: 'A%B' } }, resolve)).toThrow(/only supported at the start and\/or the end/);
    expect(() => filterToOData({ name: { $like: 'A_B' } }, resolve)).toThrow(DataverseFilterError);
    expect(() => filterToOData({ name: { $like: '%[x]%' } }, resolve)).toThrow(/character class/);
  });

  it('refuses unknown fields, unknown operators and unsafe property names', () => {
    expect(() => filterToOData({ bogus: 1 }, resolve)).toThrow(/Unknown field "bogus"/);
    expect(() => filterToOData({ name: { $regex: 'x' } as never }, resolve)).toThrow(/Unknown operator/);
    expect(() => filterToOData({ 'name eq 1 or 1': 1 })).toThrow(DataverseFilterError);
  });
});

describe('buildQueryString', () => {
  it('builds $select, $filter (percent-encoded), $orderby, $top and $count', () => {
    const qs = buildQueryString({
      select: ['name', 'accountid'],
      filter: "name eq 'A&B #1 + O''Neil'",
      orderBy: ['modifiedon asc', 'accountid asc'],
      top: 5,
      count: true,
    });
    expect(qs).toBe(
      "?$select=name,accountid&$filter=name%20eq%20'A%26B%20%231%20%2B%20O''Neil'&$orderby=modifiedon%20asc,accountid%20asc&$top=5&$count=true",
    );
    // What the service reads back is exactly the expression.
    const params = new URLSearchParams(qs.slice(1));
    expect(params.get('$filter')).toBe("name eq 'A&B #1 + O''Neil'");
    expect(buildQueryString({})).toBe('');
    expect(() => buildQueryString({ orderBy: 'name; drop' })).toThrow(RangeError);
    expect(() => buildQueryString({ top: -1 })).toThrow(RangeError);
  });
});

describe('entity references', () => {
  it('builds key paths and reads ids from OData-EntityId', () => {
    expect(entityPath('accounts', GUID)).toBe(`accounts(${GUID.toLowerCase()})`);
    expect(entityPath('accounts', { accountnumber: "O'N 1" })).toBe("accounts(accountnumber='O''N%201')");
    expect(() => entityPath('accounts', 'not-a-guid')).toThrow();
    expect(idFromEntityUrl(`https://org.crm.dynamics.com/api/data/v9.2/accounts(${GUID})`)).toBe(GUID.toLowerCase());
    expect(idFromEntityUrl('https://x/api/data/v9.2/accounts(accountnumber=%27A%27)')).toBeUndefined();
    // Trailing blanks, and 36 characters between the last parentheses that are not a GUID.
    expect(idFromEntityUrl(`https://x/api/data/v9.2/accounts(${GUID}) \r\n`)).toBe(GUID.toLowerCase());
    expect(idFromEntityUrl(`https://x/api/data/v9.2/accounts(${'x'.repeat(36)})`)).toBeUndefined();
    expect(idFromEntityUrl(`(${GUID})`)).toBe(GUID.toLowerCase());
    expect(idFromEntityUrl(`${GUID})`)).toBeUndefined();
  });
});
