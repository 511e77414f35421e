import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareCursors, type Cursor, type Row } from '@tandem/core';
import { DataverseStore, type DataverseClient, type ODataQuery, type Page, type PageOptions } from '@tandem/dataverse';

/**
 * The real service differs from the emulator in two ways that matter for the (modifiedon, id) cursor:
 * - SQL Server orders `uniqueidentifier` by byte groups (bytes 10–15 first, then 8–9, 6–7, 4–5, 0–3), not as text;
 * - `modifiedon` is stored with sub-second precision but shown in whole seconds.
 * This fake service behaves like that, so the store's cursor must not depend on either.
 */
function sqlServerGuidKey(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  const bytes = (from: number, to: number) => hex.slice(from * 2, to * 2);
  return bytes(10, 16) + bytes(8, 10) + bytes(6, 8) + bytes(4, 6) + bytes(0, 4);
}

interface StoredRow {
  accountid: string;
  name: string;
  modifiedon: number; // ms precision, as stored
}

function fakeService(rows: StoredRow[]) {
  const cursors = new Map<string, StoredRow[]>();
  let requests = 0;
  const page = (matching: StoredRow[], pageSize: number): Page<Record<string, unknown>> => {
    const value = matching.slice(0, pageSize).map((row) => ({
      '@odata.etag': 'W/"1"',
      accountid: row.accountid,
      name: row.name,
      modifiedon: new Date(Math.floor(row.modifiedon / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      _modifiedby_value: '11111111-1111-4111-8111-111111111111',
    }));
    const rest = matching.slice(pageSize);
    if (rest.length === 0) return { value };
    const link = `https://fake.example/api/data/v9.2/accounts?$skiptoken=${randomUUID()}`;
    cursors.set(link, rest);
    return { value, nextLink: link };
  };
  const client = {
    url: 'https://fake.example',
    retryPolicy: { maxAttempts: 1, maxThrottledAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    get requests() {
      return requests;
    },
    async list(_set: string, query: ODataQuery, options: PageOptions): Promise<Page<Record<string, unknown>>> {
      requests += 1;
      const since = /modifiedon ge (\S+)/.exec(query.filter ?? '');
      expect(query.filter ?? '').not.toMatch(/accountid (gt|lt|ge|le)/); // the store never compares GUIDs on the server
      expect(query.orderBy).toEqual(['modifiedon asc', 'accountid asc']);
      const from = since ? Date.parse(since[1]!) : Number.NEGATIVE_INFINITY;
      const matching = rows
        .filter((row) => row.modifiedon >= from)
        .sort((a, b) => a.modifiedon - b.modifiedon || (sqlServerGuidKey(a.accountid) < sqlServerGuidKey(b.accountid) ? -1 : 1));
      return page(matching, options.pageSize ?? 5000);
    },
    async nextPage(link: string, options: PageOptions): Promise<Page<Record<string, unknown>>> {
      requests += 1;
      return page(cursors.get(link)!, options.pageSize ?? 5000);
    },
  };
  return client;
}

describe('DataverseStore cursor against SQL Server GUID order and sub-second stamps', () => {
  it('returns every row exactly once, in the engine cursor order, whatever order the service gives within a second', async () => {
    const base = Date.parse('2024-06-01T08:00:00Z');
    const rows: StoredRow[] = [];
    // 3 seconds; 120 rows in the first (spread over its milliseconds), 7 in the second, 90 in the third.
    for (const [second, count] of [[0, 120], [1, 7], [2, 90]] as const) {
      for (let i = 0; i < count; i += 1) rows.push({ accountid: randomUUID(), name: `s${second}-${i}`, modifiedon: base + second * 1000 + ((i * 7) % 1000) });
    }
    const service = fakeService(rows);
    const store = new DataverseStore({ client: service as unknown as DataverseClient });

    // The test is meaningful only if the service's order within a second differs from text order.
    const firstSecond = rows.filter((r) => r.modifiedon < base + 1000).map((r) => r.accountid);
    const byServer = [...firstSecond].sort((a, b) => (sqlServerGuidKey(a) < sqlServerGuidKey(b) ? -1 : 1));
    expect(byServer).not.toEqual([...firstSecond].sort());

    const seen: Row[] = [];
    let after: Cursor | undefined;
    for (let guard = 0; guard < 100; guard += 1) {
      const { rows: page } = await store.readChanged('account', { limit: 25, after });
      seen.push(...page);
      if (page.length < 25) break;
      after = { modifiedOn: page[page.length - 1]!.modifiedOn, id: page[page.length - 1]!.id };
    }
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen.map((r) => r.id)).size).toBe(rows.length);
    for (let i = 1; i < seen.length; i += 1) {
      expect(compareCursors({ modifiedOn: seen[i - 1]!.modifiedOn, id: seen[i - 1]!.id }, { modifiedOn: seen[i]!.modifiedOn, id: seen[i]!.id })).toBeLessThan(0);
    }
  });

  it('an engine cursor with milliseconds (watermark minus an overlap) still resumes at the right row', async () => {
    const base = Date.parse('2024-06-01T08:00:00Z');
    const rows: StoredRow[] = Array.from({ length: 30 }, (_, i) => ({ accountid: randomUUID(), name: `r${i}`, modifiedon: base + Math.floor(i / 10) * 1000 + 400 }));
    const store = new DataverseStore({ client: fakeService(rows) as unknown as DataverseClient });
    const page = await store.readChanged('account', { limit: 100, after: { modifiedOn: new Date(base + 500), id: '' } });
    // Rows shown at 08:00:00 come before 08:00:00.500 and are left out; the 20 of the next two seconds remain.
    expect(page.rows).toHaveLength(20);
  });
});
