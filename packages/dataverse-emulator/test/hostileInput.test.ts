import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, startEmulator } from '../src/index';
import { startTestEmulator, type TestEmulator } from './helpers';

// Issue 6 item 12: hostile requests get a 4xx with an error body that names the problem — never a 500 or a reset —
// and the server goes on answering normal requests.
describe('hostile input', () => {
  let t: TestEmulator;
  /** The same server with small body and header limits, to reach them without megabytes of test data. */
  let small: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator();
    small = await startTestEmulator({ limits: { maxBodyBytes: 64 * 1024, maxHeaderBytes: 16 * 1024 } });
  });
  afterAll(async () => {
    await t.emulator.close();
    await small.emulator.close();
  });

  const expectError = async (response: Response, status: number, code: string, message: RegExp): Promise<void> => {
    const text = await response.text();
    expect(response.status, text.slice(0, 500)).toBe(status);
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error)).toEqual(['code', 'message']);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  };
  const expectStillServing = async (on: TestEmulator = t): Promise<void> => {
    const normal = await on.json('accounts?$select=name&$top=1');
    expect(normal.status).toBe(200);
    expect(Array.isArray(normal.body.value)).toBe(true);
  };

  it('JSON nested 100 000 deep → 400 payload error naming the depth limit', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await expectError(await t.api('accounts', { body: `{"name":${deep}}` }), 400, '0x80048d19', /nested deeper than the limit of 64 levels/);
    await expectError(await t.api('accounts', { body: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` }), 400, '0x80048d19', /nested deeper/);
    // Brackets inside strings are text, not nesting.
    const created = await t.json('accounts', { body: { name: 'Brackets', description: '['.repeat(1000) }, headers: { Prefer: 'return=representation' } });
    expect(created.status).toBe(201);
    await expectStillServing();
  });

  it('$filter nested 3 000 deep → 400 naming the depth limit', async () => {
    const parens = `${'('.repeat(3000)}name eq 'x'${')'.repeat(3000)}`;
    await expectError(await t.api(`accounts?$filter=${parens}`), 400, '0x80060888', /nested deeper than the limit of 100 levels/);
    const nots = `${'not '.repeat(3000)}name eq 'x'`;
    await expectError(await t.api(`accounts?$filter=${encodeURIComponent(nots)}`), 400, '0x80060888', /nested deeper than the limit of 100 levels/);
    // Within the limit it works.
    const ok = await t.json(`accounts?$filter=${'('.repeat(100)}name eq 'Brackets'${')'.repeat(100)}`);
    expect(ok.status).toBe(200);
    expect(ok.body.value).toHaveLength(1);
    await expectStillServing();
  });

  it('an or-chain of 5 000 terms → 400 naming the condition limit; 1 500 terms (past SQLite depth 1 000) still run', async () => {
    const chain = (n: number): string => Array.from({ length: n }, (_, i) => `name eq 'n${i}'`).join(' or ');
    await expectError(await t.api(`accounts?$filter=${encodeURIComponent(chain(5000))}`), 400, '0x80060888', /more than 2000 conditions/);
    const within = await t.json(`accounts?$filter=${encodeURIComponent(`${chain(1500)} or name eq 'Brackets'`)}`);
    expect(within.status, JSON.stringify(within.body).slice(0, 300)).toBe(200);
    expect(within.body.value.map((row: any) => row.name)).toEqual(['Brackets']);
    await expectStillServing();
  });

  it('an in list of 40 000 values → 400 naming the list limit; lists that together pass SQLite’s parameter ceiling → 400', async () => {
    const values = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => String(from + i)).join(',');
    await expectError(await t.api(`accounts?$filter=numberofemployees in (${values(40_000)})`), 400, '0x80060888', /more than 10000 values/);
    const quoted = Array.from({ length: 40_000 }, (_, i) => `'${i}'`).join(',');
    await expectError(
      await t.api(`accounts?$filter=Microsoft.Dynamics.CRM.In(PropertyName='numberofemployees',PropertyValues=[${quoted}])`),
      400,
      '0x80060888',
      /more than 10000 values/,
    );
    const four = [0, 1, 2, 3].map((k) => `numberofemployees in (${values(9000, k * 9000)})`).join(' or ');
    await expectError(await t.api(`accounts?$filter=${encodeURIComponent(four)}`), 400, '0x80060888', /holds 36000 values; one query may hold at most 32000/);
    expect((await t.json(`accounts?$filter=numberofemployees in (${values(10_000)})`)).status).toBe(200);
    await expectStillServing();
  });

  it('bad percent-encoding in the query string → 400 naming the bad part (also inside $batch)', async () => {
    await expectError(await t.api("accounts?$filter=name%20eq%20'x%zz'"), 400, '0x80060888', /'\$filter=name%20eq%20%27x%zz%27' is not correctly percent-encoded/);
    await expectError(await t.api('accounts?$select=name%FF'), 400, '0x80060888', /'\$select=name%FF' is not correctly percent-encoded/);
    await expectError(await t.api('accounts?$top=1%'), 400, '0x80060888', /not correctly percent-encoded/);
    const batch = ['--b', 'Content-Type: application/http', '', 'GET accounts?$select=name%G0 HTTP/1.1', '', '', '--b--'].join('\r\n');
    const response = await t.api('$batch', { method: 'POST', body: batch, headers: { 'Content-Type': 'multipart/mixed; boundary=b' } });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('HTTP/1.1 400');
    expect(text).toMatch(/'\$select=name%G0' is not correctly percent-encoded/);
    await expectStillServing();
  });

  it('a malformed Basic header on the token endpoint → 401 invalid_client naming the problem, never the secret', async () => {
    const emulator = t.emulator;
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: emulator.scope }).toString();
    const post = (authorization: string): Promise<Response> =>
      fetch(emulator.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization }, body: form });
    const cases: [string, RegExp][] = [
      ['Basic', /no credentials after "Basic"/],
      ['Basic !!!not-base64!!!', /not base64/],
      [`Basic ${Buffer.from('no-colon-here').toString('base64')}`, /not "client_id:client_secret"/],
      [`Basic ${Buffer.from(`${emulator.clientId}:%zz-${emulator.clientSecret}`).toString('base64')}`, /not correctly percent-encoded/],
    ];
    for (const [authorization, reason] of cases) {
      const response = await post(authorization);
      const text = await response.text();
      expect(response.status, text).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      const body = JSON.parse(text);
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).toMatch(reason);
      expect(text).not.toContain(emulator.clientSecret);
    }
    const good = await post(`Basic ${Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64')}`);
    expect(good.status).toBe(200);
    expect((await good.json()).access_token).toBeTruthy();
  });

  it('a body over the limit → 413 with an error body, declared or streamed; the connection stays usable', async () => {
    const big = JSON.stringify({ name: 'Big', description: 'x'.repeat(100 * 1024) });
    await expectError(await small.api('accounts', { body: big }), 413, '', /request body is \d+ bytes, more than the limit of 65536 bytes/);
    // Chunked (no Content-Length): counted while reading.
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(`${small.emulator.apiUrl}/accounts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${small.token}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(streamed, 413, '', /request body is larger than the limit of 65536 bytes/);
    expect(small.emulator.db.prepare(`SELECT COUNT(*) AS n FROM "account" WHERE "name" = 'Big'`).get()).toEqual({ n: 0 });
    await expectStillServing(small);
  });

  it('authentication comes before the body: a large body with a bad or missing token → 401, not 413', async () => {
    const big = JSON.stringify({ name: 'Big', description: 'x'.repeat(200 * 1024) });
    await expectError(await small.api('accounts', { body: big, token: 'forged.token.value' }), 401, '', /Unauthorized: invalid signature/);
    await expectError(await small.api('accounts', { body: big, token: null }), 401, '', /Unauthorized: no bearer token/);
    expect(small.emulator.stats.unauthorized).toBeGreaterThanOrEqual(2);
    await expectStillServing(small);
  });

  it('a request line over the header limit → 431 with an error body', async () => {
    const response = await small.api(`accounts?$filter=${encodeURIComponent(`name eq '${'x'.repeat(20 * 1024)}'`)}`);
    await expectError(response, 431, '', /larger than the limit of 16384 bytes/);
    await expectStillServing(small);
  });

  it('the default limits let a $batch of 1 000 creates of 12-field records through', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const record = {
        name: `Batch account ${i}`,
        accountnumber: `B${String(i).padStart(6, '0')}`,
        telephone1: '+49 30 1234567',
        telephone2: '+49 30 7654321',
        fax: '+49 30 1111111',
        emailaddress1: `account${i}@example.com`,
        websiteurl: `https://example.com/accounts/${i}`,
        creditlimit: 25000.5,
        numberofemployees: i,
        description: 'A customer imported in one batch, with a description of realistic length for a test record.',
        address1_city: 'Berlin',
        address1_postalcode: '10115',
      };
      lines.push('--b', 'Content-Type: application/http', '', 'POST accounts HTTP/1.1', 'Content-Type: application/json', '', JSON.stringify(record));
    }
    lines.push('--b--');
    const body = lines.join('\r\n');
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_LIMITS.maxBodyBytes);
    const response = await t.api('$batch', { method: 'POST', body, headers: { 'Content-Type': 'multipart/mixed; boundary=b' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.match(/HTTP\/1\.1 204/g)).toHaveLength(1000);
    expect(t.emulator.db.prepare(`SELECT COUNT(*) AS n FROM "account" WHERE "name" LIKE 'Batch account %'`).get()).toEqual({ n: 1000 });
  });

  it('limits must be positive integers', async () => {
    await expect(startEmulator({ limits: { maxBodyBytes: 0 } })).rejects.toThrow("Emulator limit 'maxBodyBytes' must be a positive integer, got 0");
    await expect(startEmulator({ limits: { maxJsonDepth: 1.5 } })).rejects.toThrow(/maxJsonDepth/);
  });
});
