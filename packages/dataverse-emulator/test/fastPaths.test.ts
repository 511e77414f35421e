import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from '../src/server/JsonDepth';
import { parsePreferences } from '../src/server/Preferences';
import { RowStatement } from '../src/storage/RowStatement';
import { postBatch } from './batchHelpers';
import { startTestEmulator, type TestEmulator } from './helpers';

// Issue 8: the emulator's per-row fast paths must answer exactly what the plain code did.
describe('per-row fast paths give what the plain code gives', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('rows read in raw mode become the objects better-sqlite3 makes: keys, order, values, duplicate names', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t ("id" TEXT PRIMARY KEY, "a b" TEXT, "x@target" TEXT, """q""" INTEGER, "n" REAL)');
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)').run('1', 'space', 'systemuser', 7, null);
    db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)').run('2', null, null, null, 2.5);
    for (const sql of ['SELECT * FROM t ORDER BY "id"', 'SELECT "n", "id", "n" AS "id" FROM t ORDER BY "id"']) {
      const expected = db.prepare(sql).all() as Record<string, unknown>[];
      const rows = new RowStatement(db.prepare(sql)).all();
      expect(rows).toEqual(expected);
      expect(rows.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
      expect(new RowStatement(db.prepare(sql)).get()).toEqual(expected[0]);
    }
    expect(new RowStatement(db.prepare('SELECT * FROM t WHERE "id" = ?')).get('none')).toBeUndefined();
    // A column named like the prototype stays a property of the row.
    const odd = new RowStatement(db.prepare('SELECT 1 AS "__proto__", 2 AS "b"')).get()!;
    expect(Object.keys(odd)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    db.close();
  });

  it('a record without annotations is the annotated record minus its annotations, key for key', async () => {
    const created = await t.json('accounts?$select=accountid', {
      body: { name: 'Fast A', creditonhold: true, creditlimit: 12.5, customertypecode: 3 },
      headers: { Prefer: 'return=representation' },
    });
    expect(created.status).toBe(201);
    const id = created.body.accountid;
    await t.json('accounts', { body: { name: 'Fast B' } });
    for (const query of [`accounts(${id})`, `accounts(${id})?$select=name,creditonhold,creditlimit,_ownerid_value,accountid`, "accounts?$filter=startswith(name,'Fast')&$select=creditonhold,name"]) {
      const plain = (await t.json(query)).body;
      const annotated = (await t.json(query, { headers: { Prefer: 'odata.include-annotations="*"' } })).body;
      const strip = (record: Record<string, unknown>): Record<string, unknown> =>
        Object.fromEntries(Object.entries(record).filter(([key]) => !key.includes('@') || key === '@odata.etag'));
      const records = (body: any): Record<string, unknown>[] => (Array.isArray(body.value) ? body.value : [body]);
      const expected = records(annotated).map(strip);
      const actual = records(plain).map(strip);
      expect(actual).toEqual(expected);
      expect(actual.map((record) => Object.keys(record))).toEqual(expected.map((record) => Object.keys(record)));
    }
    const full = (await t.json(`accounts(${id})`)).body;
    expect(full.creditonhold).toBe(true);
    expect(full.revenue).toBeNull();
    expect(Object.keys(full).at(-1)).toBe('accountid');
  });

  it('batch parts that share one query and Prefer are each answered from their own row, and a bad one fails alone', async () => {
    const part = (name: unknown) => ({ method: 'POST', url: 'accounts?$select=name', headers: { Prefer: 'return=representation' }, body: { name } });
    const answer = await postBatch(t, [part('One'), part(42), part('Two')], { Prefer: 'odata.continue-on-error' });
    expect(answer.parts.map((p) => p.status)).toEqual([201, 400, 201]);
    const bodies = [answer.parts[0]!, answer.parts[2]!].map((p) => JSON.parse(p.body));
    expect(bodies.map((body) => body.name)).toEqual(['One', 'Two']);
    expect(bodies[0].accountid).not.toBe(bodies[1].accountid);
    expect(Object.keys(bodies[0])).toEqual(['@odata.context', '@odata.etag', 'name', 'accountid']);
  });

  it('batch parts that repeat one URL are each read as their URL says, in each API version, and a bad URL fails each time', async () => {
    const root = t.emulator.apiUrl.replace(/\/v9\.2$/, '');
    const create = (url: string, name: string) => ({ method: 'POST', url, headers: { Prefer: 'return=representation' }, body: { name } });
    const parts = [
      create('accounts?$select=name', 'A'),
      create(`${root}/v9.1/accounts?$select=name`, 'B'),
      create('accounts?$select=name', 'C'),
      create(`${root}/v9.1/accounts?$select=name`, 'D'),
      { method: 'GET', url: 'accounts%ZZ' },
      { method: 'GET', url: 'accounts%ZZ' },
    ];
    // CRLF and LF-only bodies are read the same.
    for (const eol of ['\r\n', '\n']) {
      const answer = await postBatch(t, parts, { Prefer: 'odata.continue-on-error' }, eol);
      expect(answer.parts.map((p) => p.status)).toEqual([201, 201, 201, 201, 400, 400]);
      const contexts = answer.parts.slice(0, 4).map((p) => JSON.parse(p.body)['@odata.context'] as string);
      expect(contexts.map((context) => /\/api\/data\/(v9\.\d)\//.exec(context)![1])).toEqual(['v9.2', 'v9.1', 'v9.2', 'v9.1']);
      expect(answer.parts.slice(0, 4).map((p) => JSON.parse(p.body).name)).toEqual(['A', 'B', 'C', 'D']);
      expect(answer.parts[5]!.body).toBe(answer.parts[4]!.body);
    }
  });

  it('the JSON depth check still finds deep nesting, and shallow bodies with brackets in strings pass', () => {
    expect(exceedsJsonDepth('{"a":"{{{{[[[["}', 2)).toBe(false);
    expect(exceedsJsonDepth('{"a":{"b":{"c":1}}}', 2)).toBe(true);
    expect(exceedsJsonDepth('{"a":{"b":{"c":1}}}', 3)).toBe(false);
    expect(exceedsJsonDepth(`${'['.repeat(100)}${']'.repeat(100)}`, 64)).toBe(true);
  });

  it('Prefer headers are parsed once and shared frozen', () => {
    const first = parsePreferences('return=representation, odata.maxpagesize=10');
    expect(parsePreferences('return=representation, odata.maxpagesize=10')).toBe(first);
    expect(first).toEqual({ returnRepresentation: true, maxPageSize: 10, continueOnError: false, trackChanges: false });
    expect(Object.isFrozen(first)).toBe(true);
    expect(parsePreferences(undefined).returnRepresentation).toBe(false);
  });
});
