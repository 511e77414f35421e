import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@tandem/dataverse-emulator';
import {
  accountTable,
  DataverseChangeSetAbortedError,
  DataverseClient,
  DataverseConflictError,
  DataverseDuplicateRecordError,
  PlatformErrorCodes,
  DataverseNotFoundError,
  DataverseRequestError,
  DataverseThrottledError,
  DataverseTransientError,
  DataverseValidationError,
  filterToOData,
  MetadataSource,
  ThrottleRegistry,
  type DataverseClientOptions,
  type ODataFieldResolver,
} from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function setup(options: EmulatorOptions = {}, clientOptions: Partial<DataverseClientOptions> = {}) {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 7, ...options });
  running.push(emulator);
  const client = new DataverseClient({
    url: emulator.url,
    auth: { token: emulator.issueToken() },
    throttleRegistry: new ThrottleRegistry(),
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    ...clientOptions,
  });
  return { emulator, client };
}

const resolve: ODataFieldResolver = (field) => {
  const column = accountTable.fields[field];
  return column ? { name: column.name, type: column.type } : undefined;
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('DataverseClient against the emulator', () => {
  it('WhoAmI names the integration identity', async () => {
    const { emulator, client } = await setup();
    const who = await client.whoAmI();
    expect(who.UserId).toBe(emulator.identity.userId);
    expect(who.BusinessUnitId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pages with Prefer: odata.maxpagesize and @odata.nextLink, and honours $orderby, $top and $count', async () => {
    const { client } = await setup();
    await client.batch(Array.from({ length: 25 }, (_, i) => ({ method: 'POST' as const, url: 'accounts', body: { name: `Acc ${String(i).padStart(2, '0')}` } })));
    const first = await client.list('accounts', { select: ['name'], orderBy: 'name desc', count: true }, { pageSize: 10 });
    expect(first.value).toHaveLength(10);
    expect(first.count).toBe(25);
    expect(first.nextLink).toBeTruthy();
    const sizes = [];
    const names: string[] = [];
    for await (const page of client.pages<{ name: string }>('accounts', { select: ['name'], orderBy: ['name desc'] }, { pageSize: 10 })) {
      sizes.push(page.value.length);
      names.push(...page.value.map((r) => r.name));
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `Acc ${String(24 - i).padStart(2, '0')}`));
    expect(await client.listAll('accounts', { select: ['name'] }, { pageSize: 7 })).toHaveLength(25);
    expect((await client.list('accounts', { select: ['name'], top: 3 })).value).toHaveLength(3);
  });

  it('sends escaped filters the service reads as meant: quotes, GUIDs, dates, null, special characters', async () => {
    const { client } = await setup();
    const before = new Date(Date.now() - 5_000);
    const parent = await client.create('accounts', { name: 'Parent', accountid: uuid(1) });
    await client.create('accounts', { name: "O'Neil", accountnumber: 'A-1', 'parentaccountid@odata.bind': `/accounts(${parent.id})` });
    await client.create('accounts', { name: 'A&B #1 + C/D? 100%', accountnumber: 'A-2' });
    await client.create('accounts', { name: "O'Neill's", accountnumber: null });
    const names = async (filter: Parameters<typeof filterToOData>[0]) =>
      (await client.listAll<{ name: string }>('accounts', { select: ['name'], filter: filterToOData(filter, resolve), orderBy: 'name asc' })).map((r) => r.name);

    expect(await names({ name: "O'Neil" })).toEqual(["O'Neil"]);
    expect(await names({ name: { $like: "O'Neil%" } })).toEqual(["O'Neil", "O'Neill's"]);
    expect(await names({ name: { $like: "%l's" } })).toEqual(["O'Neill's"]);
    expect(await names({ name: 'A&B #1 + C/D? 100%' })).toEqual(['A&B #1 + C/D? 100%']);
    expect(await names({ _parentaccountid_value: parent.id.toUpperCase() })).toEqual(["O'Neil"]);
    expect(await names({ accountid: uuid(1) })).toEqual(['Parent']);
    expect(await names({ accountnumber: null })).toEqual(["O'Neill's", 'Parent']);
    expect(await names({ accountnumber: { $ne: null }, name: { $in: ["O'Neil", 'nobody'] } })).toEqual(["O'Neil"]);
    expect(await names({ modifiedon: { $gte: before } })).toHaveLength(4);
    expect(await names({ modifiedon: { $lt: before } })).toEqual([]);
    expect(await names({ $or: [{ accountnumber: 'A-2' }, { name: 'Parent' }] })).toEqual(['A&B #1 + C/D? 100%', 'Parent']);
  });

  it('creates with a client-chosen id (204 + OData-EntityId, or return=representation), and a second create of it is a typed duplicate', async () => {
    const { client } = await setup();
    const created = await client.create('accounts', { accountid: uuid(7), name: 'Seven' });
    expect(created.id).toBe(uuid(7));
    expect(created.entityId).toContain(`accounts(${uuid(7)})`);
    const represented = await client.create('accounts', { accountid: uuid(8), name: 'Eight' }, { returnRepresentation: true, select: ['name', 'modifiedon'] });
    expect(represented).toMatchObject({ id: uuid(8), record: { name: 'Eight' } });
    expect(represented.etag).toMatch(/^W\/"/);
    const duplicate = await client.create('accounts', { accountid: uuid(7), name: 'Again' }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(DataverseDuplicateRecordError);
    expect(duplicate).toMatchObject({ kind: 'conflict', status: 412, platformCode: PlatformErrorCodes.DuplicateRecord });
  });

  it('updates with If-Match: a stale etag is a typed conflict (412), a missing row is not-found, not an accidental create', async () => {
    const { client } = await setup();
    const { id } = await client.create('accounts', { name: 'V1' });
    const v1 = await client.retrieve<{ '@odata.etag': string }>('accounts', id, { select: ['name'] });
    const updated = await client.update('accounts', id, { name: 'V2' }, { etag: v1['@odata.etag'], returnRepresentation: true, select: ['name'] });
    expect(updated.record).toMatchObject({ name: 'V2' });
    expect(updated.etag).not.toBe(v1['@odata.etag']);
    const stale = await client.update('accounts', id, { name: 'V3' }, { etag: v1['@odata.etag'] }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(DataverseConflictError);
    expect(stale).not.toBeInstanceOf(DataverseDuplicateRecordError);
    expect(stale).toMatchObject({ kind: 'conflict', status: 412, platformCode: PlatformErrorCodes.ConcurrencyVersionMismatch });
    expect((stale as Error).message).toContain('PATCH /api/data/v9.2/accounts(');
    const missing = await client.update('accounts', uuid(99), { name: 'X' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DataverseNotFoundError);
    expect(missing).toMatchObject({ kind: 'notFound', status: 404, platformCode: PlatformErrorCodes.ObjectDoesNotExist });
    expect((await client.listAll('accounts', { select: ['name'] })).length).toBe(1);
  });

  it('upserts (created vs updated) and deletes', async () => {
    const { client } = await setup();
    const created = await client.upsert('accounts', uuid(5), { name: 'Up' }, { returnRepresentation: true, select: ['name'] });
    expect(created).toMatchObject({ id: uuid(5), created: true });
    const updated = await client.upsert('accounts', uuid(5), { name: 'Up 2' }, { returnRepresentation: true, select: ['name'] });
    expect(updated).toMatchObject({ created: false, record: { name: 'Up 2' } });
    await expect(client.upsert('accounts', uuid(5), { name: 'No' }, { createOnly: true })).rejects.toBeInstanceOf(DataverseConflictError);
    await client.delete('accounts', uuid(5));
    await expect(client.retrieve('accounts', uuid(5))).rejects.toBeInstanceOf(DataverseNotFoundError);
    await expect(client.delete('accounts', uuid(5))).rejects.toBeInstanceOf(DataverseNotFoundError);
  });

  it('runs $batch with change sets: a result per operation, a failed change set rolled back, the rest applied', async () => {
    const { client } = await setup();
    const results = await client.batch([
      { method: 'POST', url: 'accounts', body: { accountid: uuid(1), name: 'Outside 1' } },
      {
        changeSet: [
          { method: 'POST', url: 'accounts', body: { accountid: uuid(2), name: 'In change set' } },
          { method: 'PATCH', url: `accounts(${uuid(404)})`, headers: { 'If-Match': '*' }, body: { name: 'Missing' } },
        ],
      },
      { method: 'PATCH', url: `accounts(${uuid(1)})`, headers: { 'If-Match': '*', Prefer: 'return=representation' }, body: { name: 'Outside 1b' } },
    ]);
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ ok: true, id: uuid(1) });
    expect(results[1]!.ok).toBe(false);
    expect(results[1]!.error).toBeInstanceOf(DataverseChangeSetAbortedError);
    expect(results[2]).toMatchObject({ ok: false, status: 404 });
    expect(results[2]!.error).toBeInstanceOf(DataverseNotFoundError);
    expect(results[3]).toMatchObject({ ok: true, status: 200, body: { name: 'Outside 1b' } });
    // The change set's create was rolled back.
    await expect(client.retrieve('accounts', uuid(2))).rejects.toBeInstanceOf(DataverseNotFoundError);
  });

  it('chunks $batch at 1 000 operations (change sets included) and maps every result back', async () => {
    const { emulator, client } = await setup();
    emulator.resetStats();
    const ops = Array.from({ length: 1500 }, (_, i) => ({ method: 'POST' as const, url: 'accounts', body: { accountid: uuid(10_000 + i), name: `B${i}` } }));
    const results = await client.batch([{ changeSet: ops.slice(0, 1200) }, ...ops.slice(1200)]);
    expect(results).toHaveLength(1500);
    expect(results.every((r, i) => r.ok && r.id === uuid(10_000 + i))).toBe(true);
    expect(emulator.stats.requests).toBe(2);
    expect(emulator.stats.batchOperations).toBe(1500);
    const small = await client.batch(ops.slice(0, 5).map((op) => ({ ...op, body: { ...op.body, accountid: undefined } })), { maxOperationsPerBatch: 2 });
    expect(small.every((r) => r.ok)).toBe(true);
    expect(emulator.stats.requests).toBe(5);
  });

  it('reads any resource below the API root, and lends its throttle and retries to fetch-shaped callers', async () => {
    const { emulator, client } = await setup();
    const entity = await client.get<{ EntitySetName: string }>("EntityDefinitions(LogicalName='account')?$select=LogicalName,EntitySetName");
    expect(entity.EntitySetName).toBe('accounts');
    emulator.knobs.throttle = { rate: 1, retryAfterSeconds: 0 };
    const retrying = new DataverseClient({
      url: emulator.url,
      auth: { token: emulator.issueToken() },
      throttleRegistry: new ThrottleRegistry(),
      logger: { warn: () => void delete emulator.knobs.throttle }, // the first attempt is throttled, the retry goes through
    });
    const source = new MetadataSource({
      serviceUrl: emulator.url,
      getToken: async () => 'ignored: the client puts its own token',
      fetch: retrying.fetchAdapter(),
    });
    const body = (await source.get("EntityDefinitions(LogicalName='account')?$select=EntitySetName")) as { EntitySetName: string };
    expect(body.EntitySetName).toBe('accounts');
    expect(retrying.stats).toMatchObject({ throttled: 1, requests: 2 });
    await expect(client.get('https://evil.example.com/api/data/v9.2/WhoAmI')).rejects.toBeInstanceOf(DataverseRequestError);
  });

  it('types service errors and keeps the Dataverse code and message', async () => {
    const { client } = await setup();
    const error = await client.list('accounts', { select: ['bogus'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseValidationError);
    expect(error).toMatchObject({ kind: 'validation', status: 400 });
    expect((error as DataverseValidationError).platformCode).not.toBe('');
    expect((error as Error).message).toMatch(/bogus/);
    await expect(client.nextPage('https://evil.example.com/api/data/v9.2/accounts')).rejects.toBeInstanceOf(DataverseRequestError);
  });
});

describe('limits and retries against the emulator', () => {
  it('waits the Retry-After of a 429 before sending again', async () => {
    let seen = 0;
    const { emulator, client } = await setup(
      { knobs: { throttle: { rate: 1, retryAfterSeconds: 1 } } },
      {
        logger: {
          warn: () => {
            seen += 1;
            delete emulator.knobs.throttle; // the next attempt goes through
          },
        },
      },
    );
    const started = Date.now();
    const who = await client.whoAmI();
    const waited = Date.now() - started;
    expect(who.UserId).toBe(emulator.identity.userId);
    expect(seen).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(client.stats).toMatchObject({ throttled: 1, retries: 1, requests: 2 });
    expect(emulator.stats.throttled).toBe(1);
  });

  it('gives up on a Retry-After beyond the bound with a typed throttled error carrying the code', async () => {
    const { client } = await setup({ knobs: { throttle: { rate: 1, retryAfterSeconds: 120 } } }, { retry: { maxRetryAfterMs: 10_000 } });
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseThrottledError);
    expect(error).toMatchObject({ kind: 'throttled', status: 429, platformCode: PlatformErrorCodes.ThrottleRequests, retryAfterMs: 120_000 });
  });

  it('retries 503 with jittered backoff and gives up after the bound with a typed transient error', async () => {
    const { emulator, client } = await setup({ knobs: { faultRate: 1, faultStatus: 503 } }, { retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 100 } });
    const started = Date.now();
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseTransientError);
    expect(error).toMatchObject({ kind: 'transient', status: 503 });
    expect((error as Error).message).toContain('gave up after 3 attempts');
    expect(emulator.stats.requests).toBe(3);
    // Two backoffs of at least half a step each (25 ms, then 50 ms).
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('retries a dropped connection and then succeeds; with drops every time it fails as transient', async () => {
    const { emulator, client } = await setup({ knobs: { dropRate: 1 } }, { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseTransientError);
    expect(emulator.stats.dropsBeforeApply).toBe(3);
    let drops = 0;
    const flaky = new DataverseClient({
      url: emulator.url,
      auth: { token: emulator.issueToken() },
      throttleRegistry: new ThrottleRegistry(),
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
      logger: { warn: () => void (++drops === 2 && (emulator.knobs.dropRate = 0)) },
    });
    expect((await flaky.whoAmI()).UserId).toBe(emulator.identity.userId);
    expect(flaky.stats.transientFailures).toBe(2);
  });

  it('caps concurrent requests per (service, identity) across clients sharing the throttle', async () => {
    const { emulator } = await setup({ knobs: { latencyMs: 25 } });
    const registry = new ThrottleRegistry();
    const token = emulator.issueToken();
    const make = () => new DataverseClient({ url: emulator.url, auth: { token }, throttleRegistry: registry, throttleOptions: { maxConcurrent: 4 } });
    const a = make();
    const b = make();
    expect(a.throttle).toBe(b.throttle);
    emulator.resetStats();
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).whoAmI()));
    expect(emulator.stats.requests).toBe(40);
    expect(emulator.stats.maxConcurrent).toBeLessThanOrEqual(4);
    expect(emulator.stats.maxConcurrent).toBeGreaterThanOrEqual(2);
    expect(a.throttle.stats.maxActive).toBe(4);
  });
});
