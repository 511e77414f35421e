import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Cursor, Row } from '@tandem/core';
import { DataverseStore, type DataverseClient, type ODataQuery, type Page, type PageOptions } from '@tandem/dataverse';

/**
 * The real service differs from the emulator in the order of GUIDs: SQL Server orders `uniqueidentifier` by byte
 * groups (bytes 10–15 first, then 8–9, 6–7, 4–5, 0–3), not as text, both in `$orderby` and in `gt`. This fake service
 * behaves like that (and answers the store's keyset filter with it), so the store's cursor must not assume text order.
 */
function sqlServerGuidKey(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  const bytes = (from: number, to: number) => hex.slice(from * 2, to * 2);
  return bytes(10, 16) + bytes(8, 10) + bytes(6, 8) + bytes(4, 6) + bytes(0, 4);
}

interface StoredRow {
  accountid: string;
  name: string;
  modifiedon: number;
}

const MODIFIED_GE = /modifiedon ge (\S+?)\)?(?: |$)/;
const KEYSET = /^modifiedon ge (\S+) and \(modifiedon ge (\S+) or \(modifiedon lt (\S+) and accountid gt ([0-9a-f-]{36})\)\)$/;

/** The store's `$filter` of a changed-rows read, evaluated the way SQL Server would. */
function matchesChangedFilter(filter: string, row: StoredRow): boolean {
  const keyset = KEYSET.exec(filter);
  if (keyset) {
    const [, from, next, until, after] = keyset;
    if (row.modifiedon < Date.parse(from!)) return false;
    return row.modifiedon >= Date.parse(next!) || (row.modifiedon < Date.parse(until!) && sqlServerGuidKey(row.accountid) > sqlServerGuidKey(after!));
  }
  const since = MODIFIED_GE.exec(filter);
  return !since || row.modifiedon >= Date.parse(since[1]!);
}

function fakeService(rows: StoredRow[]) {
  const cursors = new Map<string, StoredRow[]>();
  let requests = 0;
  const page = (matching: StoredRow[], pageSize: number): Page<Record<string, unknown>> => {
    const value = matching.slice(0, pageSize).map((row) => ({
      '@odata.etag': 'W/"1"',
      accountid: row.accountid,
      name: row.name,
      modifiedon: new Date(row.modifiedon).toISOString().replace('.000Z', 'Z'),
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
      expect(query.orderBy).toEqual(['modifiedon asc', 'accountid asc']);
      const matching = rows
        .filter((row) => matchesChangedFilter(query.filter ?? '', row))
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
  it('returns every row exactly once, in the service order, reading no row twice, whatever GUID order the service has', async () => {
    const base = Date.parse('2024-06-01T08:00:00Z');
    const rows: StoredRow[] = [];
    // 3 seconds; 120 rows in the first, 7 in the second, 90 in the third.
    for (const [second, count] of [[0, 120], [1, 7], [2, 90]] as const) {
      for (let i = 0; i < count; i += 1) rows.push({ accountid: randomUUID(), name: `s${second}-${i}`, modifiedon: base + second * 1000 });
    }
    const service = fakeService(rows);
    const store = new DataverseStore({ client: service as unknown as DataverseClient });

    // The test is meaningful only if the service's order within a second differs from text order.
    const firstSecond = rows.filter((r) => r.modifiedon < base + 1000).map((r) => r.accountid);
    const byServer = [...firstSecond].sort((a, b) => (sqlServerGuidKey(a) < sqlServerGuidKey(b) ? -1 : 1));
    expect(byServer).not.toEqual([...firstSecond].sort());

    const seen: Row[] = [];
    const before = service.requests;
    let after: Cursor | undefined;
    for (let guard = 0; guard < 100; guard += 1) {
      const { rows: page } = await store.readChanged('account', { limit: 25, after });
      seen.push(...page);
      if (page.length < 25) break;
      after = { modifiedOn: page[page.length - 1]!.modifiedOn, id: page[page.length - 1]!.id };
    }
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen.map((r) => r.id)).size).toBe(rows.length);
    // In (modifiedon, GUID as the service orders it) order, and one request per page of 25: nothing read twice.
    for (let i = 1; i < seen.length; i += 1) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.modifiedOn.getTime() < b.modifiedOn.getTime() || (a.modifiedOn.getTime() === b.modifiedOn.getTime() && sqlServerGuidKey(a.id) < sqlServerGuidKey(b.id))).toBe(true);
    }
    expect(service.requests - before).toBe(Math.ceil((rows.length + 1) / 25));
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
