import { afterEach, describe, expect, it } from 'vitest';
import type { WriteOperation } from '@tandem/core';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, deterministicId, MAX_BATCH_OPERATIONS, ThrottleRegistry } from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function setup() {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 5 });
  running.push(emulator);
  const client = new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry() });
  return { emulator, client, store: new DataverseStore({ client }) };
}

const creates = (count: number, from = 0): WriteOperation[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'insert', ref: `r${from + i}`, id: deterministicId('bench', `r${from + i}`), values: { name: `Row ${from + i}` } }));

describe('DataverseStore.write batching', () => {
  it('writes a page of 1 000 creates in one $batch request; the same page again (creates meeting their own rows) becomes updates in one more', async () => {
    const { emulator, store, client } = await setup();
    expect(MAX_BATCH_OPERATIONS).toBe(1000);
    const before = client.stats.requests;
    const page = await store.write('account', creates(1000));
    expect(page.every((r) => r.ok)).toBe(true);
    expect(client.stats.requests - before).toBe(1);

    const next = client.stats.requests;
    const again = await store.write('account', creates(1000).map((op, i) => ({ ...op, values: { name: `Row ${i} v2` } })));
    expect(again.every((r) => r.ok)).toBe(true);
    expect(client.stats.requests - next).toBe(2);
    expect(emulator.stats.rowsCreated).toBe(1000);
    const [row] = await store.getByIds('account', [deterministicId('bench', 'r7')]);
    expect(row!.values['name']).toBe('Row 7 v2');
  });
});
