import { afterEach, describe, expect, it } from 'vitest';
import type { Cursor, Row, WriteOperation } from '@tandem/core';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** A real emulator with a settable clock, and a store whose `fetch` counts the reads of the accounts collection. */
async function setup(readAhead?: boolean) {
  const clock = { now: Date.parse('2024-05-01T10:00:00.000Z') };
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 3, now: () => clock.now });
  running.push(emulator);
  const reads = { count: 0, failAt: 0 };
  const watching: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if ((init?.method ?? 'GET') === 'GET' && url.pathname.endsWith('/accounts')) {
      reads.count += 1;
      if (reads.count === reads.failAt) {
        return new Response('{"error":{"code":"0x80040216","message":"broken on purpose"}}', { status: 400, headers: { 'Content-Type': 'application/json' } });
      }
    }
    return fetch(input, init);
  };
  const client = new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry(), fetch: watching });
  const store = new DataverseStore({ client, ...(readAhead === undefined ? {} : { readAhead }) });
  const inserted = await store.write('account', Array.from({ length: 10 }, (_, i): WriteOperation => ({ kind: 'insert', ref: `r${i}`, values: { name: `Ahead ${i}` } })));
  expect(inserted.every((r) => r.ok)).toBe(true);
  return { store, reads, clock };
}

const cursorOf = (rows: readonly Row[]): Cursor => ({ modifiedOn: rows[rows.length - 1]!.modifiedOn, id: rows[rows.length - 1]!.id });
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

async function readAll(store: DataverseStore, limit: number): Promise<{ names: unknown[]; pages: number[] }> {
  const names: unknown[] = [];
  const pages: number[] = [];
  let after: Cursor | undefined;
  for (;;) {
    const { rows } = await store.readChanged('account', { limit, ...(after ? { after } : {}) });
    names.push(...rows.map((r) => r.values.name));
    pages.push(rows.length);
    if (rows.length < limit) return { names, pages };
    after = cursorOf(rows);
  }
}

describe('DataverseStore.readChanged reads ahead', () => {
  it('a full page starts the read of the next one; the pass gets the same rows with the same number of requests', async () => {
    const ahead = await setup();
    const first = await ahead.store.readChanged('account', { limit: 4 });
    expect(first.rows).toHaveLength(4);
    await settle();
    // The next page was asked for before the caller asked: the caller's request then sends nothing.
    expect(ahead.reads.count).toBe(2);
    await ahead.store.readChanged('account', { limit: 4, after: cursorOf(first.rows) });
    expect(ahead.reads.count).toBe(2);

    const plain = await setup(false);
    const withAhead = await setup();
    const a = await readAll(plain.store, 4);
    const b = await readAll(withAhead.store, 4);
    // Rows of one second come in id order, and the two emulators made different ids: compare the sets.
    expect([...b.names].sort()).toEqual([...a.names].sort());
    expect(new Set(b.names).size).toBe(10);
    expect(b.pages).toEqual(a.pages);
    expect(a.pages).toEqual([4, 4, 2]);
    expect(withAhead.reads.count).toBe(plain.reads.count);
  });

  it('a page read ahead is used by its own request only, and a write through the store drops it', async () => {
    const { store, reads, clock } = await setup();
    const first = await store.readChanged('account', { limit: 4 });
    await settle();
    // Another cursor (here: none) reads for itself.
    const again = await store.readChanged('account', { limit: 4 });
    expect(again.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(reads.count).toBe(3);
    await settle();

    // A row of the next page changes through the store a second later: the next page is read again, without it.
    const second = (await store.readChanged('account', { limit: 4, after: cursorOf(first.rows) })).rows;
    const moved = second[1]!;
    await settle();
    clock.now += 1000;
    const [updated] = await store.write('account', [{ kind: 'update', ref: 'u', id: moved.id, values: { name: 'Moved on' } }]);
    expect(updated!.ok).toBe(true);
    const countBefore = reads.count;
    const third = (await store.readChanged('account', { limit: 4, after: cursorOf(second) })).rows;
    expect(reads.count).toBe(countBefore + 1);
    expect(third.map((r) => r.id)).toContain(moved.id);
    expect(third.find((r) => r.id === moved.id)!.values.name).toBe('Moved on');
  });

  it('a read ahead that failed is not reported: its request reads again and gets the rows', async () => {
    const { store, reads } = await setup();
    reads.failAt = reads.count + 2; // the read after the first page's: the read ahead
    const first = await store.readChanged('account', { limit: 4 });
    await settle();
    const second = await store.readChanged('account', { limit: 4, after: cursorOf(first.rows) });
    expect(second.rows).toHaveLength(4);
    expect(second.rows.map((r) => r.id)).not.toContain(first.rows[3]!.id);
    await settle();
    expect(reads.count).toBe(reads.failAt + 2); // the failed read ahead, the request's own read, and the next read ahead
  });
});
