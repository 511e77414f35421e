import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './helpers';

function idOf(response: Response): string {
  return /\(([0-9a-f-]{36})\)$/.exec(response.headers.get('odata-entityid') ?? '')![1]!;
}

describe('change tracking', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  /** Follows nextLinks; returns every value and the final delta link. */
  const readAll = async (url: string, pageSize?: number): Promise<{ value: any[]; deltaLink: string; contexts: string[] }> => {
    const headers: Record<string, string> = { Prefer: `odata.track-changes${pageSize ? `,odata.maxpagesize=${pageSize}` : ''}` };
    const value: any[] = [];
    const contexts: string[] = [];
    let link: string | undefined = url;
    let deltaLink = '';
    while (link) {
      const page: { status: number; body: any; headers: Headers } = await t.json(link, { headers });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.headers.get('preference-applied')).toContain('odata.track-changes');
      value.push(...page.body.value);
      contexts.push(page.body['@odata.context']);
      link = page.body['@odata.nextLink'];
      if (!link) deltaLink = page.body['@odata.deltaLink'];
      else expect(page.body['@odata.deltaLink']).toBeUndefined();
    }
    return { value, deltaLink, contexts };
  };

  it('returns all rows with a delta link, then only the changes and deletions since', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(idOf(await t.api('contacts', { body: { lastname: `CT${i}` } })));
    const initial = await readAll('contacts?$select=lastname', 3);
    expect(initial.value.map((row) => row.lastname)).toEqual(['CT0', 'CT1', 'CT2', 'CT3', 'CT4', 'CT5', 'CT6']);
    expect(initial.contexts[0]).toBe(`${t.emulator.apiUrl}/$metadata#contacts(lastname)`);
    expect(initial.deltaLink).toMatch(/^.*\/contacts\?\$select=lastname&\$deltatoken=\d+%21\d\d%2F\d\d%2F\d{4}%20\d\d%3A\d\d%3A\d\d$/);

    await t.api(`contacts(${ids[2]})`, { method: 'PATCH', body: { lastname: 'CT2 changed' } });
    const created = idOf(await t.api('contacts', { body: { lastname: 'CT new' } }));
    await t.api(`contacts(${ids[4]})`, { method: 'DELETE' });
    const shortLived = idOf(await t.api('contacts', { body: { lastname: 'CT gone' } }));
    await t.api(`contacts(${shortLived})`, { method: 'DELETE' });

    const delta = await readAll(initial.deltaLink);
    expect(delta.contexts[0]).toBe(`${t.emulator.apiUrl}/$metadata#contacts(lastname)/$delta`);
    expect(delta.value).toEqual([
      expect.objectContaining({ lastname: 'CT2 changed', contactid: ids[2] }),
      expect.objectContaining({ lastname: 'CT new', contactid: created }),
      { '@odata.context': `${t.emulator.apiUrl}/$metadata#contacts/$deletedEntity`, id: ids[4], reason: 'deleted' },
      { '@odata.context': `${t.emulator.apiUrl}/$metadata#contacts/$deletedEntity`, id: shortLived, reason: 'deleted' },
    ]);
    const nothing = await readAll(delta.deltaLink);
    expect(nothing.value).toEqual([]);
  });

  it('refuses $filter, $orderby and $top with track-changes, and a token from the future', async () => {
    for (const query of ["$filter=lastname eq 'x'", '$orderby=lastname', '$top=1']) {
      const result = await t.json(`contacts?$select=lastname&${query}`, { headers: { Prefer: 'odata.track-changes' } });
      expect(result.status).toBe(400);
      expect(result.body.error.message).toMatch(/query parameter isn't supported when Change Tracking is enabled\./);
    }
    const future = await t.json(`contacts?$select=lastname&$deltatoken=${encodeURIComponent('99999999!01/01/2030 00:00:00')}`);
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('0x80044352');
  });
});
