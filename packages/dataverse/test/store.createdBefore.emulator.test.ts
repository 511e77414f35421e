import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, type MatchQuery, type WriteOperation } from '@tandem/core';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, ServiceClock, ThrottleRegistry } from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** The emulator's clock runs five years and a fraction of a second ahead of this machine's, as a service's may. */
const SKEW_MS = 5 * 365 * 24 * 3600_000 + 370;

async function setup() {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 3, now: () => Date.now() + SKEW_MS });
  running.push(emulator);
  const filters: string[] = [];
  const watching: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/accounts')) filters.push(url.searchParams.get('$filter') ?? '');
    return fetch(input, init);
  };
  const storeOf = () =>
    new DataverseStore({ client: new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry(), fetch: watching }) });
  return { emulator, filters, store: storeOf(), storeOf };
}

const inserts = (names: string[]): WriteOperation[] => names.map((name) => ({ kind: 'insert', ref: name, values: { name } }));
const byName = (createdBefore?: unknown): MatchQuery => ({
  candidates: [{ name: 'Old Acme' }, { name: 'New Acme' }],
  ...(createdBefore === undefined ? {} : { createdBefore: createdBefore as Date }),
});
const names = (rows: { values: Record<string, unknown> }[]) => rows.map((r) => r.values.name).sort();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DataverseStore.findByValues createdBefore', () => {
  it('leaves out rows created after the local instant, translated to the service clock, and keeps older ones', async () => {
    const { store, filters, storeOf } = await setup();
    expect((await store.write('account', inserts(['Old Acme']))).every((r) => r.ok)).toBe(true);
    const passStart = new Date();
    // Past the margins (the `Date` header's and `createdon`'s whole seconds, the call's own time).
    await sleep(3_500);
    expect((await store.write('account', inserts(['New Acme']))).every((r) => r.ok)).toBe(true);

    const bounded = await store.findByValues('account', byName(passStart));
    expect(names(bounded)).toEqual(['Old Acme']);
    // The bound is on the service's clock, years ahead of this machine's: a local instant would have kept both.
    const bound = Date.parse(/createdon lt (\S+)\)?/.exec(filters.at(-1)!)![1]!);
    expect(bound).toBeGreaterThan(passStart.getTime() + SKEW_MS);
    expect(bound).toBeLessThan(passStart.getTime() + SKEW_MS + 3_500);
    expect(names(await store.findByValues('account', byName()))).toEqual(['New Acme', 'Old Acme']);

    // A store whose client has had no answer yet knows no offset: no bound, every row.
    const fresh = storeOf();
    expect(names(await fresh.findByValues('account', byName(passStart)))).toEqual(['New Acme', 'Old Acme']);
    expect(filters.at(-1)).not.toMatch(/createdon/);
  });

  it('refuses a createdBefore that is not a valid Date with a stable code', async () => {
    const { store } = await setup();
    for (const bad of ['2024-01-01', 0, new Date(Number.NaN)]) {
      await expect(store.findByValues('account', byName(bad))).rejects.toMatchObject({ code: ErrorCodes.MATCH_QUERY_INVALID });
    }
  });
});

describe('ServiceClock', () => {
  it('errs late: the bound is at or after the true service instant, by at most the header rounding and the call', () => {
    const clock = new ServiceClock();
    expect(clock.latest(new Date(1_000_000))).toBeUndefined();
    // Sent at local 1 000 000 ms; the service wrote `Date` when its clock read 9 000 000.400 (shown as …000).
    clock.observe(new Date(9_000_000).toUTCString(), 1_000_000);
    // True offset 8 000 000.400 ms (the answer came at once); the bound is the second above.
    expect(clock.latest(new Date(2_000_000))!.getTime()).toBe(10_001_000);
    expect(clock.latest(new Date(2_000_000), 1_000)!.getTime()).toBe(10_002_000);
    // An answer without a usable `Date` teaches nothing; the next one replaces the bound.
    clock.observe(null, 1_500_000);
    clock.observe('not a date', 1_500_000);
    expect(clock.latest(new Date(2_000_000))!.getTime()).toBe(10_001_000);
  });
});
