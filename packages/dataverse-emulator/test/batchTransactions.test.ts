import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchBody, postBatch, type BatchPart } from './batchHelpers';
import { exited, holdWriteLock } from './writeLockHolder';
import { startTestEmulator, type TestEmulator } from './helpers';

// Issue 8: a `$batch` is one SQLite transaction with a savepoint per change set and per operation; callers see
// exactly what they saw when every operation committed on its own.
describe('$batch in one transaction, a savepoint per operation and per change set', () => {
  let t: TestEmulator;
  const row = async (id: string) => (await t.json(`accounts(${id})?$select=name,telephone1,versionnumber`)).body;
  const names = (prefix: string): string[] =>
    (t.emulator.db.prepare(`SELECT "name" FROM "account" WHERE "name" LIKE ? ORDER BY "name"`).all(`${prefix}%`) as { name: string }[]).map((r) => r.name);

  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('with continue-on-error, a failing operation or change set is rolled back alone; the rest commits with its stamps', async () => {
    const [a, b, x, z] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    t.emulator.resetStats();
    const result = await postBatch(
      t,
      [
        { method: 'POST', url: 'accounts?$select=name', headers: { Prefer: 'return=representation' }, body: { accountid: a, name: 'MX-A' } },
        { method: 'POST', url: 'accounts', body: { accountid: b, name: 'MX-B', customertypecode: 999 } },
        { method: 'GET', url: `accounts(${b})` },
        { method: 'POST', url: 'accounts', body: { accountid: a, name: 'MX-A again' } },
        { method: 'PATCH', url: `accounts(${a})`, headers: { 'If-Match': '*' }, body: { telephone1: '+1 404 1' } },
        [
          { method: 'POST', url: 'accounts', body: { accountid: x, name: 'MX-X' }, contentId: '1' },
          { method: 'POST', url: 'accounts', body: { name: `MX-${'y'.repeat(200)}` }, contentId: '2' },
        ],
        { method: 'GET', url: `accounts(${x})` },
        [{ method: 'POST', url: 'accounts', body: { accountid: z, name: 'MX-Z' }, contentId: '3' }],
        { method: 'DELETE', url: `accounts(${randomUUID()})` },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(result.status, result.text).toBe(200);
    expect(result.parts.map((p) => p.status)).toEqual([201, 400, 404, 412, 204, 400, 404, 204, 404]);
    expect(result.parts[5]!.contentId).toBe('2');
    // Only what succeeded is there, and it is committed: a new connection's read sees it.
    expect(names('MX-')).toEqual(['MX-A', 'MX-Z']);
    expect(await row(b)).toMatchObject({ error: { code: '0x80040217' } });
    expect(await row(x)).toMatchObject({ error: { code: '0x80040217' } });
    const rowA = await row(a);
    const rowZ = await row(z);
    expect(rowA).toMatchObject({ name: 'MX-A', telephone1: '+1 404 1' });
    // The ETags the batch answered are the rows' committed versions, growing in the order the operations ran.
    const etag = (headers: string): string => /ETag: (\S+)/.exec(headers)![1]!;
    expect(JSON.parse(result.parts[0]!.body)['@odata.etag']).toBe(etag(result.parts[0]!.headers));
    expect(etag(result.parts[4]!.headers)).toBe(rowA['@odata.etag']);
    expect(etag(result.parts[7]!.headers)).toBe(rowZ['@odata.etag']);
    const created = Number(/W\/"(\d+)"/.exec(etag(result.parts[0]!.headers))![1]);
    expect(created).toBeLessThan(Number(rowA.versionnumber));
    expect(Number(rowA.versionnumber)).toBeLessThan(Number(rowZ.versionnumber));
    expect(t.emulator.stats).toMatchObject({ batchOperations: 10, rowsCreated: 2, rowsUpdated: 1, rowsDeleted: 0 });
  });

  it('without continue-on-error, what ran before the failing change set stays and nothing after it runs', async () => {
    t.emulator.resetStats();
    const result = await postBatch(t, [
      { method: 'POST', url: 'accounts', body: { name: 'ST-1' } },
      [
        { method: 'POST', url: 'accounts', body: { name: 'ST-2' } },
        { method: 'PATCH', url: `accounts(${randomUUID()})`, headers: { 'If-Match': '*' }, body: { name: 'ST-3' } },
      ],
      { method: 'POST', url: 'accounts', body: { name: 'ST-4' } },
    ]);
    expect(result.status).toBe(400);
    expect(result.parts.map((p) => p.status)).toEqual([204, 404]);
    expect(names('ST-')).toEqual(['ST-1']);
    expect(t.emulator.stats).toMatchObject({ rowsCreated: 1, rowsUpdated: 0 });
  });

  it('an operation sees the rows of the operations before it (same transaction), and a change set its own', async () => {
    const parent = randomUUID();
    const result = await postBatch(t, [
      { method: 'POST', url: 'accounts', body: { accountid: parent, name: 'SEE-Parent' } },
      { method: 'GET', url: `accounts(${parent})?$select=name` },
      [
        { method: 'POST', url: 'contacts', body: { lastname: 'SEE-Child', 'parentcustomerid_account@odata.bind': `/accounts(${parent})` }, contentId: 'c' },
        { method: 'PATCH', url: '$c', body: { firstname: 'Ann' } },
      ],
      { method: 'GET', url: `contacts?$select=fullname&$filter=_parentcustomerid_value eq ${parent}` },
    ]);
    expect(result.status, result.text).toBe(200);
    expect(JSON.parse(result.parts[1]!.body).name).toBe('SEE-Parent');
    expect(JSON.parse(result.parts[4]!.body).value.map((c: { fullname: string }) => c.fullname)).toEqual(['Ann SEE-Child']);
  });

  it('accepts 1 000 customer-shaped creates in one batch (Dataverse\'s limit) and refuses 1 001 before writing anything', async () => {
    const account = (i: number, prefix: string): BatchPart => {
      const no = String(i).padStart(7, '0');
      return {
        method: 'POST',
        url: 'accounts?$select=accountid,modifiedon',
        headers: { Prefer: 'return=representation' },
        body: {
          accountid: randomUUID(), name: `${prefix}${no}`, customertypecode: 3, address1_primarycontactname: `Contact ${no}`,
          address1_line1: `${i % 200} Main Street`, address1_line2: `Suite ${i % 50}`, address1_postalcode: String(10000 + i),
          address1_city: 'Atlanta', address1_country: 'US', emailaddress1: `info${no}@example.com`, fax: `+1 555 ${no}`,
          websiteurl: `https://www.example.com/${no}`, telephone1: `+1 404 ${no}`,
        },
      };
    };
    const thousand = Array.from({ length: 1000 }, (_, i) => account(i, 'K-'));
    // Well under the body limit: a 12-field account is about 700 bytes with its part headers.
    expect(Buffer.byteLength(batchBody('batch_helper', thousand))).toBeLessThan(t.emulator.limits.maxBodyBytes / 50);
    const result = await postBatch(t, thousand);
    expect(result.status).toBe(200);
    expect(result.parts).toHaveLength(1000);
    expect(result.parts.every((p) => p.status === 201)).toBe(true);
    expect(names('K-')).toHaveLength(1000);
    const tooMany = await postBatch(t, Array.from({ length: 1001 }, (_, i) => account(i, 'TM-')));
    expect(tooMany.status).toBe(400);
    expect(tooMany.contentType).toContain('application/json');
    expect(JSON.parse(tooMany.text).error.message).toBe('The number of requests in the batch, 1001, exceeds the limit of 1000.');
    expect(names('TM-')).toHaveLength(0);
  });
});

describe('$batch and a file locked by another process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-emulator-batch-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a writing batch waits once for the lock; past busyTimeoutMs it is one 503 with nothing written; reads still run', async () => {
    const file = join(dir, 'batch.sqlite');
    const t = await startTestEmulator({ db: file, busyTimeoutMs: 100 });
    try {
      const writes: BatchPart[] = ['L-1', 'L-2', 'L-3'].map((name) => ({ method: 'POST', url: 'accounts', body: { name } }));
      const holder = await holdWriteLock(file, 1500);
      const refused = await postBatch(t, writes, { Prefer: 'odata.continue-on-error' });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.text).error.code).toBe('0x80040216');
      expect(t.emulator.stats.rowsCreated).toBe(0);
      const reads = await postBatch(t, [{ method: 'GET', url: 'accounts?$select=name' }]);
      expect(reads.status).toBe(200);
      expect(reads.parts.map((p) => p.status)).toEqual([200]);
      await exited(holder);
      expect(t.emulator.db.prepare(`SELECT COUNT(*) AS n FROM "account" WHERE "name" LIKE 'L-%'`).get()).toEqual({ n: 0 });
      const accepted = await postBatch(t, writes);
      expect(accepted.parts.map((p) => p.status)).toEqual([204, 204, 204]);
      expect(t.emulator.db.prepare(`SELECT COUNT(*) AS n FROM "account" WHERE "name" LIKE 'L-%'`).get()).toEqual({ n: 3 });
    } finally {
      await t.emulator.close();
    }
  });
});
