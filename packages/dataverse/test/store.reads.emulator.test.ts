import { afterEach, describe, expect, it } from 'vitest';
import type { Cursor, Row, WriteOperation } from '@tandem/core';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@tandem/dataverse-emulator';
import { accountTable, DataverseClient, DataverseStore, selectColumns, ThrottleRegistry, type DataverseStoreOptions } from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

interface Seen {
  /** Every GET to the accounts collection: its `$select` and how many rows came back. */
  reads: { select: string[]; rows: number }[];
}

/** A real emulator and a store whose `fetch` only watches: the URLs of collection reads and the rows they returned. */
async function setup(options: EmulatorOptions = {}, storeOptions: Partial<DataverseStoreOptions> = {}) {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 3, ...options });
  running.push(emulator);
  const seen: Seen = { reads: [] };
  const watching: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(String(input));
    if ((init?.method ?? 'GET') === 'GET' && url.pathname.endsWith('/accounts')) {
      const body = (await response.clone().json()) as { value?: unknown[] };
      seen.reads.push({ select: (url.searchParams.get('$select') ?? '').split(',').filter(Boolean), rows: body.value?.length ?? 0 });
    }
    return response;
  };
  const client = new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry(), fetch: watching });
  return { emulator, client, seen, store: new DataverseStore({ client, ...storeOptions }) };
}

const inserts = (names: string[]): WriteOperation[] => names.map((name) => ({ kind: 'insert', ref: name, values: { name } }));

async function readAll(store: DataverseStore, limit: number, after?: Cursor) {
  const rows: Row[] = [];
  const pageSizes: number[] = [];
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await store.readChanged('account', { limit, ...(after ? { after } : {}) });
    rows.push(...page.rows);
    pageSizes.push(page.rows.length);
    if (page.rows.length < limit) break;
    const last = page.rows[page.rows.length - 1]!;
    after = { modifiedOn: last.modifiedOn, id: last.id };
  }
  return { rows, pageSizes };
}

describe('DataverseStore.readChanged keyset', () => {
  it('pages 600 rows of one second and 100 of the next: every row once, one request per page, no row received twice', async () => {
    const second = Date.parse('2024-05-01T10:00:00.000Z');
    let clock = second;
    const { store, seen } = await setup({ now: () => clock });
    expect((await store.write('account', inserts(Array.from({ length: 600 }, (_, i) => `Same ${i}`)))).every((r) => r.ok)).toBe(true);
    clock = second + 1000;
    expect((await store.write('account', inserts(Array.from({ length: 100 }, (_, i) => `Next ${i}`)))).every((r) => r.ok)).toBe(true);

    seen.reads.length = 0;
    const { rows, pageSizes } = await readAll(store, 250);
    expect(pageSizes).toEqual([250, 250, 200]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(700);
    expect(rows.filter((r) => r.modifiedOn.getTime() === second)).toHaveLength(600);
    // The old store re-read the cursor's whole second on every page (here 600 + 600 + 700 rows and extra requests).
    expect(seen.reads.map((r) => r.rows)).toEqual([250, 250, 200]);

    // A cursor in the middle of the second resumes right after its row.
    const from = rows[333]!;
    seen.reads.length = 0;
    const rest = await readAll(store, 1000, { modifiedOn: from.modifiedOn, id: from.id });
    expect(rest.rows.map((r) => r.id)).toEqual(rows.slice(334).map((r) => r.id));
    expect(seen.reads.map((r) => r.rows)).toEqual([366]);
  });
});

describe('DataverseStore.readChanged readAt', () => {
  it('says when the service read the page by the clock that stamps its rows, erring early by the call and the rounding', async () => {
    // The emulator's row clock runs in 2031; the page's time comes from the service's `Date`, not from this machine.
    const serviceNow = Date.parse('2031-06-01T08:30:15.900Z');
    const { store } = await setup({ now: () => serviceNow });
    await store.write('account', inserts(['One', 'Two']));
    const before = performance.now();
    const page = await store.readChanged('account', { limit: 10 });
    const callMs = performance.now() - before;
    expect(page.rows).toHaveLength(2);
    // Stamps, like the service's, carry whole seconds.
    expect(page.rows[0]!.modifiedOn.toISOString()).toBe('2031-06-01T08:30:15.000Z');
    const readAt = page.readAt!.getTime();
    // `Date` carries whole seconds (…:15), less at most the call's own duration.
    expect(readAt).toBeLessThanOrEqual(Date.parse('2031-06-01T08:30:15Z'));
    expect(readAt).toBeGreaterThanOrEqual(Date.parse('2031-06-01T08:30:15Z') - callMs - 1);
  });
});

describe('DataverseStore $select', () => {
  it('selects every readable column by default, and only the declared and filtered ones (plus id and stamps) when narrowed', async () => {
    const wide = await setup();
    await wide.store.write('account', inserts(['Wide']));
    await wide.store.readChanged('account', { limit: 10 });
    expect(wide.seen.reads.at(-1)!.select.length).toBe(new Set([...selectColumns(accountTable), 'accountid', 'modifiedon', '_modifiedby_value']).size);
    expect(wide.seen.reads.at(-1)!.select.length).toBeGreaterThan(50);

    const narrow = await setup({}, { mappedColumnsOnly: ['account'], extraColumns: { account: ['telephone1'] } });
    narrow.store.useColumns('account', ['name', 'ownerid', 'no_such_column']);
    const [made] = await narrow.store.write('account', [{ kind: 'insert', ref: 'a', values: { name: 'Narrow', telephone1: '555', fax: '666' } }]);
    const expected = ['_modifiedby_value', '_ownerid_value', 'accountid', 'modifiedon', 'name', 'statecode', 'telephone1'];
    const page = await narrow.store.readChanged('account', { limit: 10, filter: { statecode: 0 } });
    expect([...narrow.seen.reads.at(-1)!.select].sort()).toEqual(expected);
    expect(page.rows[0]!.values).toMatchObject({ name: 'Narrow', telephone1: '555', statecode: 0 });
    expect(page.rows[0]!.values).not.toHaveProperty('fax');

    await narrow.store.getByIds('account', [made!.ok ? made!.id : '']);
    expect([...narrow.seen.reads.at(-1)!.select].sort()).toEqual(expected.filter((c) => c !== 'statecode'));
  });
});

describe('DataverseStore getByIds / findByValues in one $batch', () => {
  it('sends the chunks of one call as GET parts of one $batch request and finds every row', async () => {
    const { store, client } = await setup({}, { idsPerRequest: 50, candidatesPerRequest: 20 });
    const made = await store.write('account', inserts(Array.from({ length: 230 }, (_, i) => `Batch read ${i}`)));
    const ids = made.map((r) => (r.ok ? r.id : ''));
    let before = client.stats.requests;
    const rows = await store.getByIds('account', [...ids, '00000000-0000-4000-8000-00000000dead', 'not-a-guid']);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(client.stats.requests - before).toBe(1); // 5 chunks of 50 ids, one request

    before = client.stats.requests;
    const found = await store.findByValues('account', { candidates: Array.from({ length: 45 }, (_, i) => ({ name: `BATCH READ ${i * 5}` })) });
    expect(found.map((r) => r.values['name']).sort()).toEqual(Array.from({ length: 45 }, (_, i) => `Batch read ${i * 5}`).sort());
    expect(client.stats.requests - before).toBe(1); // 3 chunks of 20 candidates, one request

    // One chunk is a plain GET; `readsPerBatch: 1` sends every chunk on its own.
    const single = new DataverseStore({ client, idsPerRequest: 50, readsPerBatch: 1 });
    before = client.stats.requests;
    expect(await single.getByIds('account', ids)).toHaveLength(230);
    expect(client.stats.requests - before).toBe(5);
  });
});
