import { afterEach, describe, expect, it } from 'vitest';
import { compareCursors, type Cursor, type Row, type WriteOperation } from '@tandem/core';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@tandem/dataverse-emulator';
import {
  accountTable,
  DataverseClient,
  DataverseConflictError,
  DataverseNotFoundError,
  DataverseStore,
  DataverseValidationError,
  deterministicId,
  ThrottleRegistry,
  UnknownTableError,
  type DataverseStoreOptions,
} from '@tandem/dataverse';

const OTHER_USER = 'e0e0e0e0-0000-4000-8000-000000000002';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function setup(options: EmulatorOptions = {}, storeOptions: Partial<DataverseStoreOptions> = {}, userId?: string) {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 11, users: [{ userId: OTHER_USER, fullName: 'Sam Sales' }], ...options });
  running.push(emulator);
  const client = new DataverseClient({
    url: emulator.url,
    auth: { token: emulator.issueToken(userId) },
    throttleRegistry: new ThrottleRegistry(),
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  return { emulator, client, store: new DataverseStore({ client, ...storeOptions }) };
}

/** A second store on the same emulator, acting as another (human) user. */
function storeAs(emulator: RunningEmulator, userId: string): DataverseStore {
  const client = new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken(userId) }, throttleRegistry: new ThrottleRegistry() });
  return new DataverseStore({ client });
}

const inserts = (names: string[], extra: Record<string, unknown> = {}): WriteOperation[] =>
  names.map((name) => ({ kind: 'insert', ref: name, values: { name, ...extra } }));

async function readAll(store: DataverseStore, limit: number, request: { filter?: object; excludeModifiedBy?: string; after?: Cursor } = {}) {
  const seen: Row[] = [];
  const pageSizes: number[] = [];
  let after = request.after;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = await store.readChanged('account', { limit, after, filter: request.filter as never, excludeModifiedBy: request.excludeModifiedBy });
    pageSizes.push(page.rows.length);
    seen.push(...page.rows);
    if (page.rows.length < limit) break;
    const last = page.rows[page.rows.length - 1]!;
    after = { modifiedOn: last.modifiedOn, id: last.id };
  }
  return { seen, pageSizes };
}

describe('DataverseStore.readChanged', () => {
  it('pages many rows sharing one modifiedon second across page boundaries: every row exactly once, in cursor order', async () => {
    const second = Date.parse('2024-05-01T10:00:00.000Z');
    let clock = second;
    const { store } = await setup({ now: () => clock });
    // 230 rows in one second (with sub-second offsets the service does not show), then 40 in the next.
    const first = Array.from({ length: 230 }, (_, i) => `Same second ${i}`);
    for (let i = 0; i < first.length; i += 50) {
      clock = second + i; // still within the same second
      const results = await store.write('account', inserts(first.slice(i, i + 50)));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    clock = second + 1_000;
    await store.write('account', inserts(Array.from({ length: 40 }, (_, i) => `Next second ${i}`)));

    const { seen, pageSizes } = await readAll(store, 50);
    expect(seen).toHaveLength(270);
    expect(new Set(seen.map((r) => r.id)).size).toBe(270);
    expect(pageSizes).toEqual([50, 50, 50, 50, 50, 20]);
    for (let i = 1; i < seen.length; i += 1) {
      expect(compareCursors({ modifiedOn: seen[i - 1]!.modifiedOn, id: seen[i - 1]!.id }, { modifiedOn: seen[i]!.modifiedOn, id: seen[i]!.id })).toBeLessThan(0);
    }
    expect(seen.filter((r) => r.modifiedOn.getTime() === second)).toHaveLength(230);

    // A cursor in the middle of the second resumes right after that row.
    const resumeFrom = seen[99]!;
    const rest = await readAll(store, 1000, { after: { modifiedOn: resumeFrom.modifiedOn, id: resumeFrom.id } });
    expect(rest.seen.map((r) => r.id)).toEqual(seen.slice(100).map((r) => r.id));
  });

  it("applies the mapping's filter and leaves out rows last modified by the integration identity", async () => {
    const { emulator, store } = await setup();
    const identity = await store.identity();
    expect(identity).toBe(emulator.identity.userId);
    await store.write('account', inserts(['K ours 1', 'K ours 2', 'Z ours'], { accountnumber: 'K' }));
    const human = storeAs(emulator, OTHER_USER);
    await human.write('account', inserts(['K theirs 1', 'K theirs 2'], { accountnumber: 'K' }));
    await human.write('account', inserts(['Z theirs'], { accountnumber: 'Z' }));

    const all = await readAll(store, 100);
    expect(all.seen).toHaveLength(6);
    const notOurs = await readAll(store, 100, { excludeModifiedBy: identity });
    expect(notOurs.seen.map((r) => r.values['name']).sort()).toEqual(['K theirs 1', 'K theirs 2', 'Z theirs']);
    expect(notOurs.seen.every((r) => r.modifiedBy === OTHER_USER)).toBe(true);
    const filtered = await readAll(store, 100, { excludeModifiedBy: identity, filter: { accountnumber: 'K', name: { $like: 'K%' } } });
    expect(filtered.seen.map((r) => r.values['name']).sort()).toEqual(['K theirs 1', 'K theirs 2']);
  });
});

describe('DataverseStore reads by id and by values', () => {
  it('gets rows by id in bounded chunks; missing and malformed ids are simply absent', async () => {
    const { emulator, store } = await setup({}, { idsPerRequest: 50, readsPerBatch: 1 }); // each chunk its own GET (batched: store.reads.emulator.test.ts)
    const results = await store.write('account', inserts(Array.from({ length: 120 }, (_, i) => `Row ${i}`)));
    const ids = results.map((r) => (r.ok ? r.id : ''));
    emulator.resetStats();
    const rows = await store.getByIds('account', [...ids, '00000000-0000-4000-8000-00000000dead', 'not-a-guid', ids[0]!.toUpperCase()]);
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(emulator.stats.requests).toBe(3); // 121 distinct GUIDs, 50 per request
    expect(await store.getByIds('account', [])).toEqual([]);
  });

  it('finds rows by field values for matching: case-insensitive unless asked, within the mapping filter', async () => {
    const { store } = await setup();
    await store.write('account', [
      { kind: 'insert', ref: '1', values: { name: 'Contoso', accountnumber: 'C1', telephone1: '1' } },
      { kind: 'insert', ref: '2', values: { name: 'contoso', accountnumber: 'C1', telephone1: '2' } },
      { kind: 'insert', ref: '3', values: { name: "O'Neil", accountnumber: 'C3', telephone1: '3' } },
      { kind: 'insert', ref: '4', values: { name: 'Fabrikam', accountnumber: null, telephone1: '4' } },
    ]);
    const phones = (rows: Row[]) => rows.map((r) => r.values['telephone1']).sort();
    expect(phones(await store.findByValues('account', { candidates: [{ name: 'CONTOSO', accountnumber: 'c1' }] }))).toEqual(['1', '2']);
    expect(phones(await store.findByValues('account', { candidates: [{ name: 'Contoso', accountnumber: 'C1' }], caseSensitive: ['name'] }))).toEqual(['1']);
    expect(phones(await store.findByValues('account', { candidates: [{ name: "o'neil" }, { name: 'Fabrikam', accountnumber: null }] }))).toEqual(['3', '4']);
    expect(phones(await store.findByValues('account', { candidates: [{ name: 'contoso' }], filter: { telephone1: { $ne: '1' } } }))).toEqual(['2']);
    expect(await store.findByValues('account', { candidates: [] })).toEqual([]);
  });
});

describe('DataverseStore.write', () => {
  it('reports one result per operation by ref; a failing operation does not fail the others', async () => {
    const { store } = await setup({}, { writeBatchSize: 3 });
    const [parent] = await store.write('account', [{ kind: 'insert', ref: 'parent', values: { name: 'Parent' } }]);
    expect(parent).toMatchObject({ ok: true });
    const parentId = parent!.ok ? parent!.id : '';
    const existing = await store.write('account', inserts(['To update', 'To delete']));
    const [toUpdate, toDelete] = existing.map((r) => (r.ok ? r.id : ''));
    const results = await store.write('account', [
      { kind: 'insert', ref: 'child', values: { name: 'Child', _parentaccountid_value: parentId, creditonhold: true } },
      { kind: 'insert', ref: 'too-long', values: { name: 'x'.repeat(500) } },
      { kind: 'update', ref: 'update', id: toUpdate!, values: { name: 'Updated', parentaccountid: parentId } },
      { kind: 'update', ref: 'missing', id: '00000000-0000-4000-8000-000000000404', values: { name: 'Nobody' } },
      { kind: 'delete', ref: 'delete', id: toDelete! },
      { kind: 'insert', ref: 'unknown-column', values: { bogus: 1 } },
    ]);
    expect(results.map((r) => [r.ref, r.ok])).toEqual([
      ['child', true],
      ['too-long', false],
      ['update', true],
      ['missing', false],
      ['delete', true],
      ['unknown-column', false],
    ]);
    const byRef = Object.fromEntries(results.map((r) => [r.ref, r]));
    expect((byRef['too-long'] as { error: Error }).error).toBeInstanceOf(DataverseValidationError);
    expect((byRef['missing'] as { error: Error }).error).toBeInstanceOf(DataverseNotFoundError);
    expect((byRef['unknown-column'] as { error: Error }).error).toBeInstanceOf(DataverseValidationError);
    const child = byRef['child']!;
    expect(child.ok && child.modifiedOn instanceof Date && child.etag).toBeTruthy();

    const rows = await store.getByIds('account', [child.ok ? child.id : '', toUpdate!, toDelete!]);
    const childRow = rows.find((r) => r.values['name'] === 'Child')!;
    expect(childRow.values['_parentaccountid_value']).toBe(parentId);
    expect(childRow.values['creditonhold']).toBe(true);
    expect(childRow.etag).toBe(child.ok ? child.etag : undefined);
    expect(rows.find((r) => r.id === toUpdate)!.values).toMatchObject({ name: 'Updated', _parentaccountid_value: parentId });
    expect(rows.find((r) => r.id === toDelete)).toBeUndefined();
  });

  it('sends If-Match with the etag: a stale etag comes back as a conflict result', async () => {
    const { store } = await setup();
    const [created] = await store.write('account', inserts(['Versioned']));
    const v1 = created!.ok ? created! : undefined;
    const [second] = await store.write('account', [{ kind: 'update', ref: 'u1', id: v1!.id, etag: v1!.etag, values: { name: 'V2' } }]);
    expect(second).toMatchObject({ ok: true });
    const [stale] = await store.write('account', [{ kind: 'update', ref: 'u2', id: v1!.id, etag: v1!.etag, values: { name: 'V3' } }]);
    expect(stale!.ok).toBe(false);
    expect(!stale!.ok && stale!.error).toBeInstanceOf(DataverseConflictError);
    expect((await store.getByIds('account', [v1!.id]))[0]!.values['name']).toBe('V2');
  });

  it('creates with the deterministic id; a create retried after a crash finds its row instead of making a second', async () => {
    const { emulator, store } = await setup();
    // Declared, so the engine sends such a create without looking for the row first.
    expect(store.createsAreIdempotent).toBe(true);
    const id = deterministicId('customer-account', 'C10000');
    const [first] = await store.write('account', [{ kind: 'insert', ref: 'C10000', id, values: { name: 'Cronus', accountnumber: 'C10000' } }]);
    expect(first).toMatchObject({ ok: true, id });
    // The process "crashed" before the coupling was stored: the next run proposes the same insert again.
    const [retried] = await store.write('account', [{ kind: 'insert', ref: 'C10000', id, values: { name: 'Cronus Ltd', accountnumber: 'C10000' } }]);
    expect(retried).toMatchObject({ ok: true, id });
    const rows = await store.findByValues('account', { candidates: [{ accountnumber: 'C10000' }] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, values: { name: 'Cronus Ltd' } });
    expect(emulator.stats.rowsCreated).toBe(1);
  });

  it('a crash in the middle of a write (applied, answer lost every time) is healed by the next run with the same ids', async () => {
    const { emulator, store } = await setup({ knobs: { faultRate: 1, faultStatus: 503, faultPhase: 'afterApply' } });
    store.client.retryPolicy.maxAttempts = 2;
    const ops: WriteOperation[] = Array.from({ length: 10 }, (_, i) => ({
      kind: 'insert',
      ref: `B${i}`,
      id: deterministicId('customer-account', `B${i}`),
      values: { name: `Batch ${i}` },
    }));
    const failed = await store.write('account', ops);
    expect(failed.every((r) => !r.ok)).toBe(true);
    expect(emulator.stats.faultsAfterApply).toBe(2);
    emulator.knobs.faultRate = 0;
    const healed = await store.write('account', ops);
    expect(healed.every((r, i) => r.ok && r.id === ops[i]!.id)).toBe(true);
    expect(emulator.stats.rowsCreated).toBe(10);
    expect((await readAll(store, 100)).seen).toHaveLength(10);
  });

  it('a lost answer to an applied batch is recognised: creates meet their own ids, updates with etags are verified', async () => {
    const { emulator, store } = await setup({}, { writeBatchSize: 100 });
    const created = await store.write('account', inserts(['U0', 'U1', 'U2']));
    const [doomed] = await store.write('account', inserts(['Doomed']));
    let lost = false;
    emulator.knobs.faultPhase = 'afterApply';
    emulator.knobs.faultStatus = 503;
    emulator.knobs.faultRate = 1;
    const client = new DataverseClient({
      url: emulator.url,
      auth: { token: emulator.issueToken() },
      throttleRegistry: new ThrottleRegistry(),
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
      logger: { warn: () => void ((lost = true), (emulator.knobs.faultRate = 0)) },
    });
    const retrying = new DataverseStore({ client });
    const results = await retrying.write('account', [
      ...created.map((r, i) => ({ kind: 'update' as const, ref: `u${i}`, id: r.ok ? r.id : '', etag: r.ok ? r.etag : undefined, values: { name: `U${i} v2` } })),
      { kind: 'insert', ref: 'new', id: deterministicId('m', 'new'), values: { name: 'New' } },
      { kind: 'delete', ref: 'gone', id: doomed!.ok ? doomed!.id : '' },
    ]);
    expect(lost).toBe(true);
    expect(emulator.stats.faultsAfterApply).toBe(1);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect(emulator.stats.rowsDeleted).toBe(1);
    expect(emulator.stats.rowsCreated).toBe(5);
    const names = (await readAll(store, 100)).seen.map((r) => r.values['name']).sort();
    expect(names).toEqual(['New', 'U0 v2', 'U1 v2', 'U2 v2']);
  });

  it('binds a polymorphic lookup given as a bare GUID to the table that holds it', async () => {
    const { store } = await setup();
    const [account] = await store.write('account', inserts(['Holder']));
    const [contact] = await store.write('contact', [{ kind: 'insert', ref: 'c', values: { lastname: 'Parent' } }]);
    const results = await store.write('contact', [
      { kind: 'insert', ref: 'under-contact', values: { lastname: 'A', _parentcustomerid_value: contact!.ok ? contact!.id : '' } },
      { kind: 'insert', ref: 'under-account', values: { lastname: 'B', _parentcustomerid_value: account!.ok ? account!.id : '' } },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await store.getByIds('contact', results.map((r) => (r.ok ? r.id : '')));
    expect(rows.find((r) => r.values['lastname'] === 'A')!.values['_parentcustomerid_value']).toBe(contact!.ok ? contact!.id : '');
    expect(rows.find((r) => r.values['lastname'] === 'B')!.values['_parentcustomerid_value']).toBe(account!.ok ? account!.id : '');
  });
});

describe('DataverseStore basics', () => {
  it('describes tables with their Dataverse definitions and names its identity from WhoAmI (asked once)', async () => {
    const { emulator, store } = await setup();
    expect(await store.describe('account')).toBe(accountTable);
    await expect(store.describe('nope')).rejects.toBeInstanceOf(UnknownTableError);
    emulator.resetStats();
    expect(await store.identity()).toBe(emulator.identity.userId);
    expect(await store.identity()).toBe(emulator.identity.userId);
    expect(emulator.stats.requests).toBe(1);
    expect(store.name).toBe(`dataverse ${emulator.url}`);
  });
});
