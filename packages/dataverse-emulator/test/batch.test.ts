import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBatch, type BatchPart as Part } from './batchHelpers';
import { startTestEmulator, type TestEmulator } from './helpers';

describe('$batch', () => {
  let t: TestEmulator;
  const post = (items: (Part | Part[])[], headers: Record<string, string> = {}, eol?: string) => postBatch(t, items, headers, eol);
  const count = async (filter: string): Promise<number> => Number(await (await t.api(`accounts/$count?$filter=${encodeURIComponent(filter)}`)).text());

  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('runs GETs and a change set with Content-ID references, in order, and answers multipart/mixed', async () => {
    const result = await post([
      [
        { method: 'POST', url: '/api/data/v9.2/accounts', body: { name: 'B-Parent' }, contentId: '1' },
        { method: 'POST', url: `${t.emulator.apiUrl}/contacts`, body: { lastname: 'B-Child', 'parentcustomerid_account@odata.bind': '$1' }, contentId: '2' },
        { method: 'PATCH', url: '$1', body: { 'primarycontactid@odata.bind': '$2' }, contentId: '3' },
      ],
      { method: 'GET', url: "accounts?$select=name,_primarycontactid_value&$filter=name eq 'B-Parent'" },
    ]);
    expect(result.status, result.text).toBe(200);
    expect(result.contentType).toMatch(/^multipart\/mixed; boundary=batchresponse_[0-9a-f-]{36}$/);
    expect(result.text.startsWith('--batchresponse_')).toBe(true);
    expect(result.parts.map((p) => [p.status, p.contentId])).toEqual([
      [204, '1'],
      [204, '2'],
      [204, '3'],
      [200, undefined],
    ]);
    expect(result.parts[0]!.headers).toMatch(/OData-EntityId: .*\/accounts\(/);
    expect(result.parts[0]!.headers).toMatch(/Location: .*\/accounts\(/);
    const rows = JSON.parse(result.parts[3]!.body).value;
    expect(rows).toHaveLength(1);
    expect(rows[0]._primarycontactid_value).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.parts[3]!.headers).toContain('Content-Type: application/json; odata.metadata=minimal; odata.streaming=true');
  });

  it('rolls a change set back when its third operation fails: no row of it remains', async () => {
    const result = await post([
      [
        { method: 'POST', url: 'accounts', body: { name: 'CS-1' }, contentId: '1' },
        { method: 'POST', url: 'accounts', body: { name: 'CS-2' }, contentId: '2' },
        { method: 'POST', url: 'accounts', body: { name: 'CS-3', customertypecode: 999 }, contentId: '3' },
        { method: 'POST', url: 'accounts', body: { name: 'CS-4' }, contentId: '4' },
      ],
    ]);
    expect(result.status).toBe(400);
    expect(result.parts).toHaveLength(1);
    expect(result.parts[0]).toMatchObject({ status: 400, contentId: '3' });
    expect(JSON.parse(result.parts[0]!.body).error.code).toBe('0x8004431a');
    expect(await count("startswith(name,'CS-')")).toBe(0);
  });

  it('stops at the first failure without continue-on-error (400) and runs everything with it (200)', async () => {
    const items: (Part | Part[])[] = [
      { method: 'POST', url: 'accounts', body: { name: 'COE-1' } },
      [{ method: 'POST', url: 'accounts', body: { name: 'x'.repeat(200) } }],
      [{ method: 'POST', url: 'accounts', body: { name: 'COE-3' } }],
      { method: 'GET', url: 'accounts(00000000-0000-0000-0000-000000000000)' },
      { method: 'POST', url: 'accounts', body: { name: 'COE-5' } },
    ];
    const stopped = await post(items);
    expect(stopped.status).toBe(400);
    expect(stopped.parts.map((p) => p.status)).toEqual([204, 400]);
    expect(await count("startswith(name,'COE-')")).toBe(1);
    const all = await post(items, { Prefer: 'odata.continue-on-error' });
    expect(all.status).toBe(200);
    expect(all.parts.map((p) => p.status)).toEqual([204, 400, 204, 404, 204]);
    expect(await count("startswith(name,'COE-')")).toBe(4);
  });

  it('tolerates LF-only bodies, unquoted boundaries and header case variants', async () => {
    const body = [
      '--b1',
      'content-type:application/http',
      'content-transfer-encoding:binary',
      '',
      'GET accounts?$top=1&$select=name HTTP/1.1',
      'accept: application/json',
      '',
      '--b1--',
      '',
    ].join('\n');
    const response = await t.api('$batch', { method: 'POST', body, headers: { 'Content-Type': 'multipart/mixed;boundary=b1' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('HTTP/1.1 200 OK');
  });

  it('rejects GET inside a change set, a missing boundary, an unknown Content-ID and more than 1 000 operations', async () => {
    const getInChangeSet = await post([[{ method: 'GET', url: 'accounts' }]]);
    expect(getInChangeSet.status).toBe(400);
    expect(getInChangeSet.contentType).toContain('application/json');
    const noBoundary = await t.json('$batch', { method: 'POST', body: 'x', headers: { 'Content-Type': 'multipart/mixed' } });
    expect(noBoundary.status).toBe(400);
    const unknownRef = await post([[{ method: 'POST', url: 'contacts', body: { lastname: 'x', 'parentcustomerid_account@odata.bind': '$9' } }]]);
    expect(unknownRef.parts[0]!.status).toBe(400);
    expect(unknownRef.parts[0]!.body).toContain("Content-ID Reference: '$9' does not exist in the batch context.");
    const tooMany = Array.from({ length: 1001 }, (_, i): Part => ({ method: 'POST', url: 'accounts', body: { name: `TM-${i}` } }));
    const big = await post(tooMany);
    expect(big.status).toBe(400);
    expect(big.contentType).toContain('application/json');
    expect(JSON.parse(big.text).error.message).toContain('1000');
    expect(await count("startswith(name,'TM-')")).toBe(0);
  });

  it('counts a batch as one request and its operations separately', async () => {
    t.emulator.resetStats();
    await post([{ method: 'GET', url: 'WhoAmI' }, [{ method: 'POST', url: 'accounts', body: { name: 'Stats' } }]]);
    expect(t.emulator.stats.requests).toBe(1);
    expect(t.emulator.stats.batchOperations).toBe(2);
    expect(t.emulator.stats.rowsCreated).toBe(1);
  });
});
