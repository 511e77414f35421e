import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './helpers';

function idOf(response: Response): string {
  return /\(([0-9a-f-]{36})\)$/.exec(response.headers.get('odata-entityid') ?? '')![1]!;
}

describe('queries: $select, $filter, $orderby, $top, $count and paging', () => {
  let t: TestEmulator;
  let clock = Date.parse('2024-01-01T00:00:00Z');
  const ids: Record<string, string> = {};

  const names = async (query: string, headers: Record<string, string> = {}): Promise<string[]> => {
    const { status, body } = await t.json(`accounts?$select=name&${query}`, { headers });
    expect(status, JSON.stringify(body)).toBe(200);
    return body.value.map((row: { name: string }) => row.name);
  };

  beforeAll(async () => {
    t = await startTestEmulator({ now: () => clock });
    const rows = [
      { name: 'Alpha', accountnumber: 'A-1', numberofemployees: 10, revenue: 100.5, customertypecode: 3, creditonhold: false },
      { name: 'beta', accountnumber: 'B-2', numberofemployees: 20, revenue: 200, customertypecode: 3, creditonhold: true },
      { name: 'Gamma 50%', accountnumber: null, numberofemployees: 30, revenue: null, customertypecode: 8 },
      { name: "O'Brien", accountnumber: 'O-4', numberofemployees: null, customertypecode: 1 },
      { name: 'Delta', accountnumber: 'D_5', numberofemployees: 50, revenue: 500, customertypecode: 3 },
    ];
    for (const row of rows) {
      ids[row.name] = idOf(await t.api('accounts', { body: row }));
      clock += 60_000;
    }
    await t.api(`accounts(${ids['beta']})`, { method: 'PATCH', body: { 'parentaccountid@odata.bind': `/accounts(${ids['Alpha']})` } });
    await t.api(`accounts(${ids['Delta']})`, { method: 'PATCH', body: { 'parentaccountid@odata.bind': `/accounts(${ids['Alpha']})` } });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('selects columns (primary key always returned) and names them in @odata.context', async () => {
    const { body } = await t.json('accounts?$select=name,accountnumber&$top=1&$orderby=name');
    expect(body['@odata.context']).toBe(`${t.emulator.apiUrl}/$metadata#accounts(name,accountnumber)`);
    expect(Object.keys(body.value[0])).toEqual(['@odata.etag', 'name', 'accountnumber', 'accountid']);
  });

  it('filters with comparison and logical operators and parentheses', async () => {
    expect(await names('$filter=numberofemployees gt 10 and numberofemployees le 30&$orderby=name')).toEqual(['beta', 'Gamma 50%']);
    expect(await names('$filter=numberofemployees eq 10 or revenue ge 500&$orderby=name')).toEqual(['Alpha', 'Delta']);
    expect(await names('$filter=not (customertypecode eq 3)&$orderby=name')).toEqual(['Gamma 50%', "O'Brien"]);
    expect(await names('$filter=(numberofemployees lt 20 or numberofemployees ge 50) and customertypecode ne 1&$orderby=name')).toEqual(['Alpha', 'Delta']);
    expect(await names('$filter=revenue eq 100.5')).toEqual(['Alpha']);
    expect(await names('$filter=creditonhold eq true')).toEqual(['beta']);
  });

  it('compares strings case-insensitively and escapes quotes', async () => {
    expect(await names("$filter=name eq 'BETA'")).toEqual(['beta']);
    expect(await names("$filter=name eq 'O''Brien'")).toEqual(["O'Brien"]);
    expect(await names("$filter=name gt 'c'&$orderby=name")).toEqual(['Delta', 'Gamma 50%', "O'Brien"]);
  });

  it('supports contains, startswith and endswith, with % and _ as wildcards', async () => {
    expect(await names("$filter=contains(name,'TA')&$orderby=name")).toEqual(['beta', 'Delta']);
    expect(await names("$filter=startswith(name,'g')")).toEqual(['Gamma 50%']);
    expect(await names("$filter=endswith(name,'a')&$orderby=name")).toEqual(['Alpha', 'beta', 'Delta']);
    expect(await names("$filter=startswith(name,'_eta')")).toEqual(['beta']);
    expect(await names("$filter=contains(accountnumber,'-')&$orderby=name")).toEqual(['Alpha', 'beta', "O'Brien"]);
  });

  it('filters on null', async () => {
    expect(await names('$filter=accountnumber eq null')).toEqual(['Gamma 50%']);
    expect(await names('$filter=revenue ne null and numberofemployees ne null&$orderby=name')).toEqual(['Alpha', 'beta', 'Delta']);
  });

  it('filters on GUIDs (quoted or not) and on _x_value lookups', async () => {
    expect(await names(`$filter=accountid eq ${ids['Delta']}`)).toEqual(['Delta']);
    expect(await names(`$filter=accountid eq '${ids['Delta']!.toUpperCase()}'`)).toEqual(['Delta']);
    expect(await names(`$filter=_parentaccountid_value eq ${ids['Alpha']}&$orderby=name`)).toEqual(['beta', 'Delta']);
    expect(await names(`$filter=_ownerid_value eq ${t.emulator.identity.userId}&$top=2&$orderby=name`)).toEqual(['Alpha', 'beta']);
    expect(await names('$filter=parentaccountid/name eq \'alpha\'&$orderby=name')).toEqual(['beta', 'Delta']);
  });

  it('filters on date-time and date literals (createdon has one-second resolution)', async () => {
    expect(await names('$filter=createdon ge 2024-01-01T00:02:00Z&$orderby=createdon')).toEqual(['Gamma 50%', "O'Brien", 'Delta']);
    expect(await names('$filter=createdon gt 2024-01-01T00:01:00.500Z and createdon lt 2024-01-01T00:03:00%2B00:00&$orderby=createdon')).toEqual(['Gamma 50%']);
    expect(await names('$filter=createdon eq 2024-01-01T00:00:00Z')).toEqual(['Alpha']);
    expect(await names('$filter=createdon ge 2024-01-01&$top=1&$orderby=createdon')).toEqual(['Alpha']);
    expect(await names('$filter=createdon le 2024-01-01T01:00:00%2B01:00')).toEqual(['Alpha']);
  });

  it('supports Microsoft.Dynamics.CRM.In, NotIn, Between and the in operator, and parameter aliases', async () => {
    expect(await names("$filter=Microsoft.Dynamics.CRM.In(PropertyName='name',PropertyValues=['alpha','Delta','nope'])&$orderby=name")).toEqual(['Alpha', 'Delta']);
    expect(await names("$filter=Microsoft.Dynamics.CRM.In(PropertyName='customertypecode',PropertyValues=['1','8'])&$orderby=name")).toEqual(['Gamma 50%', "O'Brien"]);
    expect(await names(`$filter=Microsoft.Dynamics.CRM.In(PropertyName='accountid',PropertyValues=['${ids['beta']}'])`)).toEqual(['beta']);
    expect(await names("$filter=Microsoft.Dynamics.CRM.NotIn(PropertyName='customertypecode',PropertyValues=['3'])&$orderby=name")).toEqual(['Gamma 50%', "O'Brien"]);
    expect(await names("$filter=Microsoft.Dynamics.CRM.Between(PropertyName='numberofemployees',PropertyValues=['15','30'])&$orderby=name")).toEqual(['beta', 'Gamma 50%']);
    expect(await names('$filter=customertypecode in (1,8)&$orderby=name')).toEqual(['Gamma 50%', "O'Brien"]);
    expect(await names("$filter=name eq @p1&@p1='Delta'")).toEqual(['Delta']);
    expect(await names("$filter=Microsoft.Dynamics.CRM.EqualUserId(PropertyName='_ownerid_value')&$top=1&$orderby=name")).toEqual(['Alpha']);
  });

  it('orders by several keys in both directions; choices sort by value', async () => {
    expect(await names('$orderby=customertypecode desc,name asc')).toEqual(['Gamma 50%', 'Alpha', 'beta', 'Delta', "O'Brien"]);
    expect(await names('$orderby=numberofemployees desc')).toEqual(['Delta', 'Gamma 50%', 'beta', 'Alpha', "O'Brien"]);
  });

  it('limits with $top and counts with $count=true and /$count', async () => {
    const { body } = await t.json('accounts?$select=name&$top=2&$count=true&$orderby=name');
    expect(body['@odata.count']).toBe(5);
    expect(body.value).toHaveLength(2);
    expect(body['@odata.nextLink']).toBeUndefined();
    const count = await t.api("accounts/$count?$filter=customertypecode eq 3");
    expect(count.headers.get('content-type')).toBe('text/plain');
    expect(await count.text()).toBe('3');
    const total = await t.json('accounts?$select=name&$count=true', { headers: { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.totalrecordcount,Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"' } });
    expect(total.body['@Microsoft.Dynamics.CRM.totalrecordcount']).toBe(5);
    expect(total.body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded']).toBe(false);
  });

  it('pages with odata.maxpagesize and an opaque @odata.nextLink that repeats the query; $top is ignored then', async () => {
    const first = await t.json('accounts?$select=name&$orderby=name&$top=1', { headers: { Prefer: 'odata.maxpagesize=2' } });
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    expect(first.body.value.map((r: { name: string }) => r.name)).toEqual(['Alpha', 'beta']);
    const next: string = first.body['@odata.nextLink'];
    expect(next.startsWith(`${t.emulator.apiUrl}/accounts?$select=name&$orderby=name&$top=1&$skiptoken=`)).toBe(true);
    expect(decodeURIComponent(next.split('$skiptoken=')[1]!)).toMatch(/^<cookie pagenumber="2" pagingcookie="[^"]+" istracking="False" \/>$/);
    const collected = first.body.value.map((r: { name: string }) => r.name);
    let link: string | undefined = next;
    while (link) {
      const page: { body: any } = await t.json(link, { headers: { Prefer: 'odata.maxpagesize=2' } });
      collected.push(...page.body.value.map((r: { name: string }) => r.name));
      link = page.body['@odata.nextLink'];
    }
    expect(collected).toEqual(['Alpha', 'beta', 'Delta', 'Gamma 50%', "O'Brien"]);
  });

  it('keeps paging stable while rows change (keyset cookie on modifiedon, id)', async () => {
    const page1 = await t.json('accounts?$select=name,modifiedon&$orderby=modifiedon asc,accountid asc', { headers: { Prefer: 'odata.maxpagesize=2' } });
    const seen = page1.body.value.map((r: { name: string }) => r.name);
    // A row already read is modified (moves to the end); none may be skipped or repeated except that one.
    clock += 3_600_000;
    await t.api(`accounts(${ids['Alpha']})`, { method: 'PATCH', body: { telephone1: '1' } });
    let link: string | undefined = page1.body['@odata.nextLink'];
    while (link) {
      const page: { body: any } = await t.json(link, { headers: { Prefer: 'odata.maxpagesize=2' } });
      seen.push(...page.body.value.map((r: { name: string }) => r.name));
      link = page.body['@odata.nextLink'];
    }
    expect(new Set(seen)).toEqual(new Set(['Alpha', 'beta', 'Gamma 50%', "O'Brien", 'Delta']));
    expect(seen.filter((name: string) => name !== 'Alpha')).toHaveLength(4);
  });

  it('caps the page size at 5 000', async () => {
    const response = await t.api('accounts?$select=name', { headers: { Prefer: 'odata.maxpagesize=9000' } });
    expect(response.headers.get('preference-applied')).toBe('odata.maxpagesize=5000');
  });

  it('accepts several Prefer values in one header or in several headers', async () => {
    const headers = new Headers({ Authorization: `Bearer ${t.token}`, Accept: 'application/json' });
    headers.append('Prefer', 'odata.maxpagesize=1');
    headers.append('Prefer', 'odata.include-annotations="*"');
    const response = await fetch(`${t.emulator.apiUrl}/accounts?$select=customertypecode&$orderby=name`, { headers });
    const body = (await response.json()) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
    expect(body.value).toHaveLength(1);
    expect(body.value[0]!['customertypecode@OData.Community.Display.V1.FormattedValue']).toBe('Customer');
    expect(body['@odata.nextLink']).toBeDefined();
  });

  it('rejects $skip and unknown system query options', async () => {
    const skip = await t.json('accounts?$skip=1');
    expect(skip.status).toBe(400);
    expect(skip.body.error.message).toContain('$skip');
    expect((await t.json('accounts?$foo=1')).status).toBe(400);
    expect((await t.json('accounts?$skiptoken=garbage')).status).toBe(400);
  });
});
