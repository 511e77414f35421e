import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore } from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

describe('polymorphic lookups written as bare ids', () => {
  it('skip a target table the environment does not serve (teams here): the write is not thrown away, each record gets its own answer', async () => {
    const emulator = await startEmulator({ port: 0, db: ':memory:' });
    running.push(emulator);
    const client = new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() } });
    const store = new DataverseStore({ client });
    const me = (await client.whoAmI()).UserId;
    const nobody = randomUUID();

    // `ownerid` targets systemuser and team; the unknown id sends the store looking in `teams`, which answers 404.
    const results = await store.write('account', [
      { kind: 'insert', ref: 'mine', values: { name: 'Owned by me', ownerid: me } },
      { kind: 'insert', ref: 'nobody', values: { name: 'Owned by nobody', ownerid: nobody } },
    ]);
    const mine = results.find((r) => r.ref === 'mine');
    if (!mine?.ok) throw new Error(`the record with a real owner failed: ${mine && !mine.ok ? mine.error.message : 'no result'}`);
    const failed = results.find((r) => r.ref === 'nobody');
    expect(failed?.ok).toBe(false);
    expect(String(failed && !failed.ok ? failed.error.message : '')).toContain(nobody);
    const [row] = await store.getByIds('account', [mine.id]);
    expect(String(row!.values['_ownerid_value']).toLowerCase()).toBe(me);
  });
});
