import { DynamicsWebApi } from 'dynamics-web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUID, startTestEmulator, type TestEmulator } from './helpers';

// Item 7: the third-party npm client `dynamics-web-api` 2.5.0, unchanged, against the emulator.
describe('dynamics-web-api against the emulator', () => {
  let t: TestEmulator;
  let client: DynamicsWebApi;

  beforeAll(async () => {
    t = await startTestEmulator();
    client = new DynamicsWebApi({ serverUrl: t.emulator.url, onTokenRefresh: async () => t.token, dataApi: { version: '9.2' } });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('calls WhoAmI', async () => {
    const who = await client.callFunction<{ UserId: string; BusinessUnitId: string; OrganizationId: string }>('WhoAmI');
    expect(who.UserId).toBe(t.emulator.identity.userId);
    expect(who.BusinessUnitId).toMatch(GUID);
  });

  it('creates, updates with ifmatch and deletes', async () => {
    const id = await client.create<{ name: string }, string>({ collection: 'accounts', data: { name: 'DWA Ltd' } });
    expect(id).toMatch(GUID);
    const row = await client.retrieve<{ name: string; '@odata.etag': string }>({ collection: 'accounts', key: id, select: ['name'] });
    expect(row.name).toBe('DWA Ltd');
    const etag = row['@odata.etag'];

    const updated = await client.update({ collection: 'accounts', key: id, data: { name: 'DWA Inc' }, ifmatch: etag });
    expect(updated).toBe(true);
    // The ETag changed, so the old one no longer matches: legacy mode answers false, propagateErrors throws 412.
    expect(await client.update({ collection: 'accounts', key: id, data: { name: 'stale' }, ifmatch: etag })).toBe(false);
    const strict = new DynamicsWebApi({ serverUrl: t.emulator.url, onTokenRefresh: async () => t.token, dataApi: { version: '9.2' }, propagateErrors: true });
    await expect(strict.update({ collection: 'accounts', key: id, data: { name: 'stale' }, ifmatch: etag })).rejects.toMatchObject({
      status: 412,
      code: '0x80060882',
    });
    const after = await client.retrieve<{ name: string }>({ collection: 'accounts', key: id, select: ['name'] });
    expect(after.name).toBe('DWA Inc');

    expect(await client.deleteRecord({ collection: 'accounts', key: id })).toBe(true);
    await expect(client.retrieve({ collection: 'accounts', key: id, select: ['name'] })).rejects.toMatchObject({ status: 404, code: '0x80040217' });
  });

  it('pages retrieveMultiple with maxPageSize and nextLink, and retrieveAll', async () => {
    for (let i = 0; i < 23; i++) await client.create({ collection: 'contacts', data: { firstname: 'Page', lastname: `L${String(i).padStart(2, '0')}` } });
    const seen: string[] = [];
    let page = await client.retrieveMultiple<{ lastname: string }>({
      collection: 'contacts',
      select: ['lastname'],
      filter: "firstname eq 'Page'",
      orderBy: ['lastname asc'],
      maxPageSize: 5,
    });
    let pages = 1;
    seen.push(...page.value.map((row) => row.lastname));
    while (page.oDataNextLink) {
      page = await client.retrieveMultiple<{ lastname: string }>({ collection: 'contacts', maxPageSize: 5 }, page.oDataNextLink);
      seen.push(...page.value.map((row) => row.lastname));
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `L${String(i).padStart(2, '0')}`));

    const all = await client.retrieveAll<{ contactid: string }>({ collection: 'contacts', select: ['contactid'], filter: "firstname eq 'Page'", maxPageSize: 7 });
    expect(all.value).toHaveLength(23);
  });

  it('tracks changes with trackChanges and the delta link', async () => {
    const first = await client.retrieveMultiple<{ name: string }>({ collection: 'accounts', select: ['name'], trackChanges: true });
    expect(first.oDataDeltaLink).toContain('$deltatoken=');
    const id = await client.create<{ name: string }, string>({ collection: 'accounts', data: { name: 'Tracked' } });
    const delta = await client.retrieveMultiple<{ name: string; accountid: string }>({ collection: 'accounts' }, first.oDataDeltaLink);
    expect(delta.value).toEqual([expect.objectContaining({ name: 'Tracked', accountid: id })]);
  });

  it('executes a batch with a change set and Content-ID references', async () => {
    client.startBatch();
    client.create({ collection: 'accounts', data: { name: 'Batch Parent' }, contentId: '1' });
    client.create({ collection: 'contacts', data: { lastname: 'Batch Child', 'parentcustomerid_account@odata.bind': '$1' } });
    client.retrieveMultiple({ collection: 'accounts', select: ['name'], filter: "name eq 'Batch Parent'" });
    const responses = await client.executeBatch();
    expect(responses).toHaveLength(3);
    const [parentId, childId, query] = responses as [string, string, { value: { name: string; accountid: string }[] }];
    expect(parentId).toMatch(GUID);
    expect(childId).toMatch(GUID);
    expect(query.value).toEqual([expect.objectContaining({ name: 'Batch Parent', accountid: parentId })]);
    const child = await client.retrieve<{ _parentcustomerid_value: string }>({ collection: 'contacts', key: childId, select: ['_parentcustomerid_value'] });
    expect(child._parentcustomerid_value).toBe(parentId);
  });

  it('rolls back a failed change set and reports the error', async () => {
    const before = (await t.json('accounts/$count')).body;
    client.startBatch();
    client.create({ collection: 'accounts', data: { name: 'Rolled back 1' } });
    client.create({ collection: 'accounts', data: { name: 'x'.repeat(161) } });
    await expect(client.executeBatch()).rejects.toBeDefined();
    expect((await t.json('accounts/$count')).body).toBe(before);
  });
});
