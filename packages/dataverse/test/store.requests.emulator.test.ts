import { afterEach, describe, expect, it } from 'vitest';
import type { WriteOperation, WriteResult } from '@tandem/core';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';

// Requests are what Dataverse's service protection counts (6 000 per 5 minutes per user): these tests fail when what
// a page of the engine costs grows back. A page of 2 000 rows (core's default) is one request of match lookups and
// two of writes; owners the store has seen cost none.

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function setup() {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 3 });
  running.push(emulator);
  const client = new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry() });
  const requests = async <T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> => {
    const before = client.stats.requests;
    const result = await work();
    return { result, requests: client.stats.requests - before };
  };
  return { emulator, client, requests, store: new DataverseStore({ client }) };
}

const idOf = (result: WriteResult | undefined): string => {
  if (!result?.ok) throw new Error(`the write failed: ${result && !result.ok ? result.error.message : 'no result'}`);
  return result.id;
};

const ownedAccounts = (count: number, owner: string, prefix: string): WriteOperation[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'insert', ref: `${prefix}${i}`, values: { name: `${prefix} ${i}`, ownerid: owner } }));

describe('DataverseStore requests per page', () => {
  it('finds the match candidates of a page in one request: 2 500 candidates are 125 queries of 20, GET parts of one $batch', async () => {
    const { store, requests } = await setup();
    await store.write('account', ['Match 7', 'Match 1500', 'Match 2499'].map((name) => ({ kind: 'insert', ref: name, values: { name } })));
    const candidates = Array.from({ length: 2500 }, (_, i) => ({ name: `MATCH ${i}` }));
    const { result, requests: sent } = await requests(() => store.findByValues('account', { candidates }));
    expect(result.map((row) => row.values['name']).sort()).toEqual(['Match 1500', 'Match 2499', 'Match 7']);
    expect(sent).toBe(1);
  });

  it('binds owners it has seen without asking again: a page of accounts owned by a user is one request', async () => {
    const { client, store, requests } = await setup();
    const me = (await client.whoAmI()).UserId;

    // The first time, the owner (user or team?) is looked up once; from then on it is known.
    const first = await requests(() => store.write('account', ownedAccounts(200, me, 'First')));
    expect(first.requests).toBe(2);
    const second = await requests(() => store.write('account', ownedAccounts(200, me, 'Second')));
    expect(second.requests).toBe(1);
    const rows = await store.getByIds('account', [idOf(first.result[0]), idOf(second.result[199])]);
    expect(rows.map((row) => row.values['_ownerid_value'])).toEqual([me, me]);

    // A store that has read the user (as the engine does when a salesperson is coupled to it) asks nothing either.
    const fresh = new DataverseStore({ client });
    expect(await fresh.getByIds('systemuser', [me])).toHaveLength(1);
    const third = await requests(() => fresh.write('account', ownedAccounts(200, me, 'Third')));
    expect(third.requests).toBe(1);
    expect(third.result.every((r) => r.ok)).toBe(true);
  });

  it('binds a customer lookup to the table of the row it wrote, and looks a deleted row up again', async () => {
    const { client, store, requests } = await setup();
    const account = idOf((await store.write('account', [{ kind: 'insert', ref: 'a', values: { name: 'Parent account' } }]))[0]);
    const contact = idOf((await store.write('contact', [{ kind: 'insert', ref: 'c', values: { lastname: 'Parent contact' } }]))[0]);

    const children = await requests(() =>
      store.write('contact', [
        { kind: 'insert', ref: 'under-account', values: { lastname: 'A', parentcustomerid: account } },
        { kind: 'insert', ref: 'under-contact', values: { lastname: 'B', parentcustomerid: contact } },
      ]),
    );
    expect(children.requests).toBe(1);
    const read = await new DataverseStore({ client }).getByIds('contact', children.result.map(idOf));
    const parentOf = (lastname: string) => read.find((row) => row.values['lastname'] === lastname)!.values['_parentcustomerid_value'];
    expect([parentOf('A'), parentOf('B')]).toEqual([account, contact]);

    // Deleted: forgotten, so the next write looks for it (in accounts, then contacts) and fails on its own.
    expect((await store.write('account', [{ kind: 'delete', ref: 'gone', id: account }]))[0]!.ok).toBe(true);
    const orphan = await requests(() => store.write('contact', [{ kind: 'insert', ref: 'orphan', values: { lastname: 'C', parentcustomerid: account } }]));
    expect(orphan.requests).toBe(3);
    expect(orphan.result[0]!.ok).toBe(false);
  });
});
