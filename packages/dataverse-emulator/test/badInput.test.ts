import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './helpers';

// Item 8: each bad input gets the right status and a Dataverse-shaped error body, and nothing is half-written.
describe('bad input', () => {
  let t: TestEmulator;
  let existing: string;
  let existingEtag: string;

  /** Everything stored in the account and contact tables, to compare before/after a failed request. */
  const snapshot = (): unknown => ({
    accounts: t.emulator.db.prepare('SELECT * FROM "account" ORDER BY "accountid"').all(),
    contacts: t.emulator.db.prepare('SELECT * FROM "contact" ORDER BY "contactid"').all(),
  });

  const expectError = (result: { status: number; body: any }, status: number, code: string, message?: RegExp | string): void => {
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    expect(Object.keys(result.body)).toEqual(['error']);
    expect(Object.keys(result.body.error)).toEqual(['code', 'message']);
    expect(result.body.error.code).toBe(code);
    if (message) expect(result.body.error.message).toMatch(message);
  };

  beforeAll(async () => {
    t = await startTestEmulator();
    const created = await t.json('accounts', { body: { name: 'Existing', telephone1: '1' }, headers: { Prefer: 'return=representation' } });
    existing = created.body.accountid;
    existingEtag = created.body['@odata.etag'];
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  let before: unknown;
  beforeEach(() => {
    before = snapshot();
  });
  const expectUnchanged = (): void => {
    expect(snapshot()).toEqual(before);
  };

  it('malformed JSON → 400 payload error', async () => {
    expectError(await t.json('accounts', { body: '{"name": "Broken",' }), 400, '0x80048d19', /Invalid JSON/);
    expectError(await t.json(`accounts(${existing})`, { method: 'PATCH', body: '{"name": ' }), 400, '0x80048d19');
    expectError(await t.json('accounts', { body: '[1,2]' }), 400, '0x80048d19');
    expectUnchanged();
  });

  it('a value of the wrong JSON type → 400 payload error', async () => {
    expectError(await t.json('accounts', { body: { name: 'Typed', numberofemployees: 'many' } }), 400, '0x80048d19', /Edm\.Int32/);
    expectError(await t.json('accounts', { body: { name: 42 } }), 400, '0x80048d19', /Edm\.String/);
    expectError(await t.json('accounts', { body: { name: 'x', unknowncolumn: 1 } }), 400, '0x80048d19', /property 'unknowncolumn' does not exist/);
    expectUnchanged();
  });

  it('unknown entity set → 404', async () => {
    expectError(await t.json('acounts'), 404, '0x8006088a', "Resource not found for the segment 'acounts'.");
    expectError(await t.json('acounts', { body: { name: 'x' } }), 404, '0x8006088a');
    expectUnchanged();
  });

  it('unknown column in $select or $filter → 400 "Could not find a property named …"', async () => {
    expectError(await t.json('accounts?$select=name,Name'), 400, '0x0', "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.");
    expectError(await t.json("accounts?$filter=bogus eq 'x'"), 400, '0x0', "Could not find a property named 'bogus' on type 'Microsoft.Dynamics.CRM.account'.");
    expectError(await t.json('accounts?$orderby=bogus'), 400, '0x0', /bogus/);
    expectError(await t.json(`accounts(${existing})?$select=bogus`), 400, '0x0', /bogus/);
    // A create with a bad $select fails as a whole: its row is not written.
    expectError(await t.json('accounts?$select=nope', { body: { name: 'y' } }), 400, '0x0', /nope/);
    expectUnchanged();
  });

  it('$filter syntax errors → 400 0x80060888', async () => {
    for (const filter of ["name eq 'unterminated", 'name eq', 'name eq 1 and', '(name eq 1', "contains(name 'x')", 'name === 1']) {
      expectError(await t.json(`accounts?$filter=${encodeURIComponent(filter)}`), 400, '0x80060888', /Syntax error|unterminated/);
    }
    expectError(await t.json("accounts?$filter=numberofemployees eq 'ten'"), 400, '0x80060888', /incompatible types/);
    expectUnchanged();
  });

  it('a string over its max length → 400 validation error; create and update write nothing', async () => {
    expectError(
      await t.json('accounts', { body: { telephone1: '2', name: 'x'.repeat(161) } }),
      400,
      '0x80044331',
      "A validation error occurred.  The length of the 'name' attribute of the 'account' entity exceeded the maximum allowed length of '160'.",
    );
    expectError(await t.json(`accounts(${existing})`, { method: 'PATCH', body: { telephone1: '999', accountnumber: 'y'.repeat(21) } }), 400, '0x80044331', /'accountnumber'.*'20'/);
    expectUnchanged();
    const row = (await t.json(`accounts(${existing})?$select=telephone1`)).body;
    expect(row.telephone1).toBe('1');
    expect(row['@odata.etag']).toBe(existingEtag);
  });

  it('an invalid option value → 400 0x8004431a naming the accepted values', async () => {
    expectError(
      await t.json('accounts', { body: { name: 'Opt', customertypecode: 99 } }),
      400,
      '0x8004431a',
      "A validation error occurred. The value 99 of 'customertypecode' on record of type 'account' is outside the valid range. Accepted Values: 1,2,3,4,5,6,7,8,9,10,11,12",
    );
    expectError(await t.json(`accounts(${existing})`, { method: 'PATCH', body: { statecode: 7 } }), 400, '0x8004431a');
    expectUnchanged();
  });

  it('a malformed GUID in the URL, the body, a bind or a filter → 400', async () => {
    expectError(await t.json('accounts(not-a-guid)'), 400, '0x80060888');
    expectError(await t.json('accounts(1234)', { method: 'PATCH', body: { name: 'x' } }), 400, '0x80060888');
    expectError(await t.json('accounts', { body: { accountid: 'zzzz', name: 'x' } }), 400, '0x80048d19', /Edm\.Guid/);
    expectError(await t.json('accounts', { body: { name: 'x', 'parentaccountid@odata.bind': '/accounts(xyz)' } }), 400, '0x80060888');
    expectError(await t.json("accounts?$filter=accountid eq 'xyz'"), 400, '0x80060888');
    expectError(await t.json('accounts?$filter=accountid eq 12345'), 400, '0x80060888');
    expectError(await t.json(`accounts(name='x')`), 400, '0x80060888', /key in the request URI is not valid/);
    expectUnchanged();
  });

  it('a batch over 1 000 operations → 400 and nothing of it is applied', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1001; i++) {
      lines.push('--b', 'Content-Type: application/http', '', 'POST accounts HTTP/1.1', 'Content-Type: application/json', '', JSON.stringify({ name: `Over-${i}` }));
    }
    lines.push('--b--');
    const result = await t.json('$batch', { method: 'POST', body: lines.join('\r\n'), headers: { 'Content-Type': 'multipart/mixed; boundary=b' } });
    expectError(result, 400, '0x80060888', /exceeds the limit of 1000/);
    expectUnchanged();
  });

  it('a change set whose third operation fails → no row of that change set remains', async () => {
    const id1 = randomUUID();
    const body = [
      '--batch',
      'Content-Type: multipart/mixed; boundary=cs',
      '',
      '--cs',
      'Content-Type: application/http',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/accounts HTTP/1.1',
      'Content-Type: application/json',
      '',
      JSON.stringify({ accountid: id1, name: 'CS one' }),
      '--cs',
      'Content-Type: application/http',
      'Content-ID: 2',
      '',
      `PATCH /api/data/v9.2/accounts(${existing}) HTTP/1.1`,
      'Content-Type: application/json',
      '',
      JSON.stringify({ telephone1: 'changed in change set' }),
      '--cs',
      'Content-Type: application/http',
      'Content-ID: 3',
      '',
      'POST /api/data/v9.2/contacts HTTP/1.1',
      'Content-Type: application/json',
      '',
      JSON.stringify({ lastname: 'z'.repeat(51) }),
      '--cs--',
      '--batch--',
    ].join('\r\n');
    const response = await t.api('$batch', { method: 'POST', body, headers: { 'Content-Type': 'multipart/mixed; boundary=batch' } });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('Content-ID: 3');
    expect(text).toContain('0x80044331');
    expect(text).not.toContain('Content-ID: 1');
    expectUnchanged();
    expect((await t.json(`accounts(${id1})`)).status).toBe(404);
  });

  it('wrong methods → 405', async () => {
    expect((await t.json('accounts', { method: 'PATCH', body: { name: 'x' } })).status).toBe(405);
    expect((await t.json(`accounts(${existing})`, { method: 'PUT', body: { name: 'x' } })).status).toBe(405);
    expectUnchanged();
  });
});
