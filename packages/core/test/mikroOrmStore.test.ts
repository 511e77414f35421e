import { EntitySchema, type Options } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentDatabaseKind, describeOnBothDatabases, scratchDatabase, type ScratchDatabase } from '../src/testing/index';
import { ErrorCodes, MikroOrmStore, TandemError, withSchemaLock, type Cursor, type Filter, type Row, type WriteOperation } from '../src/index';

/** A table with text keys and the conventional stamps (modifiedOn / modifiedBy). */
interface Contact {
  id: string; name: string; email?: string | null; score?: number | null; active?: boolean; modifiedOn: Date; modifiedBy?: string | null;
}
const ContactSchema = new EntitySchema<Contact>({
  name: 'Contact',
  properties: {
    id: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 60 },
    email: { type: 'string', length: 80, nullable: true },
    score: { type: 'integer', nullable: true },
    active: { type: 'boolean', default: true },
    modifiedOn: { type: 'datetime', index: true },
    modifiedBy: { type: 'string', nullable: true },
  },
});

/** Generated integer keys and the other conventional stamp name (updatedAt), no modified-by. */
interface Counter { id: number; label: string; updatedAt: Date }
const CounterSchema = new EntitySchema<Counter>({
  name: 'Counter',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    label: { type: 'string', length: 30 },
    updatedAt: { type: 'datetime' },
  },
});

/** Stamps under names no convention knows: they must be named in the store's options. */
interface Legacy { code: string; title: string; changedAt: Date; changedBy?: string | null }
const LegacySchema = new EntitySchema<Legacy>({
  name: 'Legacy',
  properties: {
    code: { type: 'string', primary: true, length: 10 },
    title: { type: 'string', length: 30 },
    changedAt: { type: 'datetime' },
    changedBy: { type: 'string', nullable: true },
  },
});

/** No modified-on at all: it cannot be synchronized. */
interface NoStamp { id: string; title: string }
const NoStampSchema = new EntitySchema<NoStamp>({
  name: 'NoStamp',
  properties: { id: { type: 'string', primary: true, length: 10 }, title: { type: 'string', length: 30 } },
});

let orm: MikroORM;
let store: MikroOrmStore;
let database: ScratchDatabase;

beforeEach(async () => {
  // SQLite in memory, or (in the [postgresql] blocks) a PostgreSQL schema of this test's own.
  database = await scratchDatabase(currentDatabaseKind(), { label: 'store' });
  orm = (await MikroORM.init({ ...database.options, entities: [ContactSchema, CounterSchema, LegacySchema, NoStampSchema] } as Options)) as MikroORM;
  await withSchemaLock(orm, () => orm.schema.updateSchema({ safe: true }));
  store = new MikroOrmStore(orm, { name: 'erp', identity: 'sync-user', tables: { Legacy: { modifiedOn: 'changedAt', modifiedBy: 'changedBy' } } });
});
afterEach(async () => {
  await database.drop(orm);
  await orm?.close();
});

async function insertContacts(rows: Partial<Contact>[]): Promise<void> {
  await orm.em.fork().insertMany('Contact', rows.map((r) => ({ active: true, modifiedOn: new Date('2024-01-01T00:00:00Z'), ...r })));
}

async function contact(id: string): Promise<Contact | null> {
  return orm.em.fork().findOne(ContactSchema, { id }, { disableIdentityMap: true });
}

const ids = (rows: Row[]) => rows.map((r) => r.id);
const pad = (n: number) => String(n).padStart(2, '0');

describe('MikroOrmStore.describe', () => {
  it('describes fields, id and stamps found by convention', async () => {
    const def = await store.describe('Contact');
    expect(def).toMatchObject({ name: 'Contact', idField: 'id', modifiedOnField: 'modifiedOn', modifiedByField: 'modifiedBy', idGenerated: false });
    expect(Object.keys(def.fields).sort()).toEqual(['active', 'email', 'id', 'modifiedBy', 'modifiedOn', 'name', 'score']);
    expect(def.fields.id).toMatchObject({ type: 'string', maxLength: 20 });
    expect(def.fields.name).toMatchObject({ type: 'string', maxLength: 60, nullable: false });
    expect(def.fields.email).toMatchObject({ type: 'string', nullable: true });
    expect(def.fields.score!.type).toBe('integer');
    expect(def.fields.active!.type).toBe('boolean');
    expect(def.fields.modifiedOn!.type).toBe('datetime');

    const counter = await store.describe('Counter');
    expect(counter).toMatchObject({ idField: 'id', modifiedOnField: 'updatedAt', idGenerated: true });
    expect(counter.modifiedByField).toBeUndefined();
    expect(counter.fields.id!.type).toBe('integer');
  });

  it('takes stamp fields named in the options when no convention finds them', async () => {
    expect(await store.describe('Legacy')).toMatchObject({ idField: 'code', modifiedOnField: 'changedAt', modifiedByField: 'changedBy' });
  });

  it('refuses an entity without a modified-on field, naming the entity', async () => {
    const error = await store.describe('NoStamp').then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('"NoStamp"');
    expect(error!.message).toMatch(/modified-on/);
  });

  it('refuses an unknown table with TABLE_UNKNOWN, naming the table', async () => {
    const error = await store.describe('Nope').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe(ErrorCodes.TABLE_UNKNOWN);
    expect((error as TandemError).message).toContain('"Nope"');
    await expect(store.readChanged('Nope', { limit: 10 })).rejects.toMatchObject({ code: ErrorCodes.TABLE_UNKNOWN });
  });
});

describeOnBothDatabases('MikroOrmStore.readChanged', () => {
  it('pages 25 rows that share one modified-on, limit 10: each row exactly once, in (modified-on, id) order', async () => {
    const same = new Date('2024-03-01T10:00:00.000Z');
    const shared = Array.from({ length: 25 }, (_, i) => ({ id: `W${pad(i + 1)}`, name: `Widget ${i + 1}`, modifiedOn: same }));
    // Inserted in reverse, plus one row before and one after: the order comes from the stamps and ids, not insertion.
    await insertContacts([
      { id: 'A99', name: 'Later', modifiedOn: new Date(same.getTime() + 1000) },
      ...shared.reverse(),
      { id: 'Z01', name: 'Earlier', modifiedOn: new Date(same.getTime() - 1000) },
    ]);
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: Cursor | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const { rows } = await store.readChanged('Contact', { limit: 10, ...(after ? { after } : {}) });
      sizes.push(rows.length);
      seen.push(...ids(rows));
      if (rows.length < 10) break;
      const last = rows[rows.length - 1]!;
      after = { modifiedOn: last.modifiedOn, id: last.id };
    }
    const expected = ['Z01', ...Array.from({ length: 25 }, (_, i) => `W${pad(i + 1)}`), 'A99'];
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(27);
    expect(sizes).toEqual([10, 10, 7]);
  });

  it('returns rows with id, modified-on, modified-by and every value', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    await insertContacts([{ id: 'C1', name: 'Ann', email: 'ann@example.com', score: 7, modifiedOn: at, modifiedBy: 'user' }]);
    const { rows } = await store.readChanged('Contact', { limit: 5 });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.id).toBe('C1');
    expect(row.modifiedOn).toBeInstanceOf(Date);
    expect(row.modifiedOn.getTime()).toBe(at.getTime());
    expect(row.modifiedBy).toBe('user');
    expect(row.values).toMatchObject({ id: 'C1', name: 'Ann', email: 'ann@example.com', score: 7, active: true });
  });

  it('starts strictly after the cursor', async () => {
    const at = new Date('2024-03-01T10:00:00.000Z');
    await insertContacts([{ id: 'K1', name: 'a', modifiedOn: at }, { id: 'K2', name: 'b', modifiedOn: at }, { id: 'K3', name: 'c', modifiedOn: at }]);
    const { rows } = await store.readChanged('Contact', { limit: 10, after: { modifiedOn: at, id: 'K1' } });
    expect(ids(rows)).toEqual(['K2', 'K3']);
    const later = await store.readChanged('Contact', { limit: 10, after: { modifiedOn: new Date(at.getTime() + 1), id: '' } });
    expect(later.rows).toEqual([]);
  });

  describe('store-neutral filters', () => {
    beforeEach(async () => {
      const at = new Date('2024-02-01T00:00:00Z');
      await insertContacts([
        { id: 'F1', name: 'Alice', score: 5, active: true, modifiedOn: at },
        { id: 'F2', name: 'Alan', score: 9, active: false, modifiedOn: at },
        { id: 'F3', name: 'Bob', score: 3, active: true, modifiedOn: at },
        { id: 'F4', name: 'Carol', score: 5, active: false, modifiedOn: at },
        { id: 'F5', name: 'Dave', score: 1, active: true, modifiedOn: at },
      ]);
    });
    const read = async (filter: Filter) => ids((await store.readChanged('Contact', { limit: 100, filter })).rows);

    it.each<[string, Filter, string[]]>([
      ['a literal', { score: 5 }, ['F1', 'F4']],
      ['a boolean literal', { active: false }, ['F2', 'F4']],
      ['$eq', { score: { $eq: 5 } }, ['F1', 'F4']],
      ['$ne', { score: { $ne: 5 } }, ['F2', 'F3', 'F5']],
      ['$gt', { score: { $gt: 3 } }, ['F1', 'F2', 'F4']],
      ['$gte and $lt', { score: { $gte: 3, $lt: 9 } }, ['F1', 'F3', 'F4']],
      ['$lte', { score: { $lte: 3 } }, ['F3', 'F5']],
      ['$in', { name: { $in: ['Bob', 'Dave', 'Nobody'] } }, ['F3', 'F5']],
      ['$nin', { name: { $nin: ['Bob', 'Dave'] } }, ['F1', 'F2', 'F4']],
      ['$like, case-insensitive', { name: { $like: 'al%' } }, ['F1', 'F2']],
      ['$like with _', { name: { $like: '_ob' } }, ['F3']],
      ['$or', { $or: [{ name: 'Carol' }, { score: { $gt: 8 } }] }, ['F2', 'F4']],
      ['$and', { $and: [{ active: true }, { score: { $lt: 5 } }] }, ['F3', 'F5']],
      ['$and of $or', { $and: [{ $or: [{ score: 5 }, { score: 1 }] }, { active: true }] }, ['F1', 'F5']],
      ['several fields at once', { active: true, name: { $like: 'A%' } }, ['F1']],
    ])('%s', async (_label, filter, expected) => {
      expect(await read(filter)).toEqual(expected);
    });

    it('a filter combines with the cursor and the limit', async () => {
      const at = new Date('2024-02-01T00:00:00Z');
      const first = await store.readChanged('Contact', { limit: 1, filter: { active: true } });
      expect(ids(first.rows)).toEqual(['F1']);
      const next = await store.readChanged('Contact', { limit: 10, filter: { active: true }, after: { modifiedOn: at, id: 'F1' } });
      expect(ids(next.rows)).toEqual(['F3', 'F5']);
    });
  });

  it('excludeModifiedBy leaves out rows written by that identity, keeps rows with no modified-by', async () => {
    await insertContacts([
      { id: 'E1', name: 'by sync', modifiedBy: 'sync-user' },
      { id: 'E2', name: 'by a user', modifiedBy: 'someone' },
      { id: 'E3', name: 'by nobody', modifiedBy: null },
    ]);
    const { rows } = await store.readChanged('Contact', { limit: 10, excludeModifiedBy: 'sync-user' });
    expect(ids(rows)).toEqual(['E2', 'E3']);
    const all = await store.readChanged('Contact', { limit: 10 });
    expect(ids(all.rows)).toEqual(['E1', 'E2', 'E3']);
  });
});

describe('MikroOrmStore.getByIds', () => {
  it('returns the rows that exist; missing ids are simply absent', async () => {
    await insertContacts([{ id: 'G1', name: 'one' }, { id: 'G2', name: 'two' }, { id: 'G3', name: 'three' }]);
    const rows = await store.getByIds('Contact', ['G3', 'missing', 'G1']);
    expect(ids(rows).sort()).toEqual(['G1', 'G3']);
    expect(rows.find((r) => r.id === 'G3')!.values.name).toBe('three');
    expect(await store.getByIds('Contact', [])).toEqual([]);
    expect(await store.getByIds('Contact', ['nothing'])).toEqual([]);
  });

  it('takes more than 900 ids (chunked under the SQL variable limit)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `M${String(i).padStart(4, '0')}`, name: `m${i}` }));
    await insertContacts(many);
    const wanted = [...many.map((m) => m.id), 'M9999', 'X1'];
    const rows = await store.getByIds('Contact', wanted);
    expect(rows).toHaveLength(1001);
    expect(new Set(ids(rows)).size).toBe(1001);
    expect(new Set(ids(rows))).toEqual(new Set(many.map((m) => m.id)));
  });

  it('numeric keys travel as text and come back as text', async () => {
    await orm.em.fork().insertMany('Counter', [{ label: 'a', updatedAt: new Date() }, { label: 'b', updatedAt: new Date() }]);
    const rows = await store.getByIds('Counter', ['2', '1', '3']);
    expect(rows.map((r) => [r.id, r.values.label]).sort()).toEqual([['1', 'a'], ['2', 'b']]);
  });
});

describeOnBothDatabases('MikroOrmStore.findByValues', () => {
  beforeEach(async () => {
    await insertContacts([
      { id: 'V1', name: 'Alice Smith', email: 'alice@example.com', active: true },
      { id: 'V2', name: 'ALICE SMITH', email: 'other@example.com', active: false },
      { id: 'V3', name: 'Bob Jones', email: 'bob@example.com', active: true },
    ]);
  });

  it('compares text case-insensitively by default', async () => {
    const rows = await store.findByValues('Contact', { candidates: [{ name: 'alice smith' }] });
    expect(ids(rows).sort()).toEqual(['V1', 'V2']);
  });

  it('compares case-sensitively the fields listed in caseSensitive', async () => {
    expect(await store.findByValues('Contact', { candidates: [{ name: 'alice smith' }], caseSensitive: ['name'] })).toEqual([]);
    const exact = await store.findByValues('Contact', { candidates: [{ name: 'Alice Smith' }], caseSensitive: ['name'] });
    expect(ids(exact)).toEqual(['V1']);
  });

  it('a candidate needs all its fields to match; candidates are alternatives', async () => {
    const both = await store.findByValues('Contact', { candidates: [{ name: 'alice smith', email: 'ALICE@example.com' }] });
    expect(ids(both)).toEqual(['V1']);
    const either = await store.findByValues('Contact', { candidates: [{ name: 'bob jones' }, { email: 'other@example.com' }, { name: 'nobody' }] });
    expect(ids(either).sort()).toEqual(['V2', 'V3']);
  });

  it('case-insensitive matching folds letters beyond ASCII too (SQLite LIKE alone does not)', async () => {
    await insertContacts([{ id: 'U1', name: 'MÜLLER ÉCOLE' }, { id: 'U2', name: 'Mxller École' }]);
    const rows = await store.findByValues('Contact', { candidates: [{ name: 'müller école' }] });
    expect(ids(rows)).toEqual(['U1']);
  });

  it('finds equal values only: % and _ in a value are not wildcards', async () => {
    await insertContacts([{ id: 'P1', name: '100% Cotton', score: 4 }, { id: 'P2', name: '100x Cotton', score: 5 }, { id: 'P3', name: 'A_B', score: 5 }, { id: 'P4', name: 'AxB', score: 5 }]);
    expect(ids(await store.findByValues('Contact', { candidates: [{ name: '100% cotton' }] }))).toEqual(['P1']);
    expect(ids(await store.findByValues('Contact', { candidates: [{ name: 'a_b' }] }))).toEqual(['P3']);
    // A text candidate and a number candidate: a row found by the first's wildcard does not slip through the second.
    const mixed = await store.findByValues('Contact', { candidates: [{ name: '100% cotton' }, { name: 'axb', score: 5 }] });
    expect(ids(mixed).sort()).toEqual(['P1', 'P4']);
  });

  it('a page of candidates of every kind finds exactly the rows each one describes, in one query', async () => {
    // ASCII names (sent as lower(name) IN … on SQLite), name + email pairs, non-ASCII names and a number field (LIKE).
    await insertContacts([
      ...Array.from({ length: 150 }, (_, i) => ({ id: `N${i}`, name: i % 2 ? `Page Name ${i}` : `PAGE NAME ${i}`, email: `n${i}@example.com` })),
      { id: 'E1', name: 'Pair', email: 'one@example.com' }, { id: 'E2', name: 'PAIR', email: 'two@example.com' },
      { id: 'Z1', name: 'ZÜRICH AG' }, { id: 'S1', name: 'Scored', score: 7 }, { id: 'S2', name: 'Scored', score: 8 },
    ]);
    const names = Array.from({ length: 300 }, (_, i) => ({ name: `page name ${i}` }));
    const rows = await store.findByValues('Contact', {
      candidates: [...names, { name: 'pair', email: 'TWO@example.com' }, { name: 'zürich ag' }, { name: 'scored', score: 8 }, { name: 'Page Name 3', email: 'other@example.com' }],
    });
    expect(ids(rows).sort()).toEqual([...Array.from({ length: 150 }, (_, i) => `N${i}`), 'E2', 'S2', 'Z1'].sort());
  });

  it('only rows inside the filter match; no candidates find nothing', async () => {
    const rows = await store.findByValues('Contact', { candidates: [{ name: 'alice smith' }], filter: { active: true } });
    expect(ids(rows)).toEqual(['V1']);
    expect(await store.findByValues('Contact', { candidates: [] })).toEqual([]);
  });

  it('takes a page of 2 500 candidates (SQLite refuses one flat OR chain that deep), each row once', async () => {
    const candidates = Array.from({ length: 2500 }, (_, i) => (i % 2 === 0 ? { name: `nobody ${i}` } : { name: 'alice smith', active: true }));
    candidates.push({ name: 'bob jones' });
    const rows = await store.findByValues('Contact', { candidates, filter: { active: true } });
    expect(ids(rows).sort()).toEqual(['V1', 'V3']);
  });
});

describeOnBothDatabases('MikroOrmStore.write', () => {
  const old = new Date('2024-01-01T00:00:00Z');
  beforeEach(async () => {
    await insertContacts([
      { id: 'W01', name: 'One', email: 'one@example.com', score: 1, modifiedOn: old, modifiedBy: 'user' },
      { id: 'W02', name: 'Two', email: 'two@example.com', score: 2, modifiedOn: old, modifiedBy: 'user' },
      { id: 'W03', name: 'Three', modifiedOn: old, modifiedBy: 'user' },
      { id: 'W04', name: 'Four', modifiedOn: old, modifiedBy: 'user' },
    ]);
  });

  it('a mixed batch: each operation gets its own result; bad ones fail alone, the rest are written', async () => {
    const operations: WriteOperation[] = [
      { kind: 'insert', ref: 'ins-ok', values: { id: 'N1', name: 'New one', score: 10 } },
      { kind: 'insert', ref: 'ins-null', values: { id: 'N2', name: null } },
      { kind: 'insert', ref: 'ins-dup', values: { id: 'W01', name: 'Duplicate' } },
      { kind: 'insert', ref: 'ins-by-op-id', id: 'N3', values: { name: 'Keyed by the operation' } },
      { kind: 'update', ref: 'upd-ok', id: 'W02', values: { name: 'Two changed' } },
      { kind: 'update', ref: 'upd-missing', id: 'NOPE', values: { name: 'ghost' } },
      { kind: 'update', ref: 'upd-stale', id: 'W04', values: { name: 'Four changed' }, expectedModifiedOn: new Date(old.getTime() - 60_000) },
      { kind: 'delete', ref: 'del-ok', id: 'W03' },
    ];
    const results = await store.write('Contact', operations);
    expect(results.map((r) => r.ref)).toEqual(operations.map((o) => o.ref));
    const byRef = new Map(results.map((r) => [r.ref, r]));
    expect(results.filter((r) => r.ok).map((r) => r.ref)).toEqual(['ins-ok', 'ins-by-op-id', 'upd-ok', 'del-ok']);

    expect(byRef.get('ins-ok')).toMatchObject({ ok: true, id: 'N1' });
    expect(byRef.get('ins-by-op-id')).toMatchObject({ ok: true, id: 'N3' });
    expect(byRef.get('upd-ok')).toMatchObject({ ok: true, id: 'W02' });
    const nullInsert = byRef.get('ins-null')!;
    expect(nullInsert.ok).toBe(false);
    expect(!nullInsert.ok && nullInsert.error).toBeInstanceOf(Error);
    expect(!nullInsert.ok && nullInsert.error.message).toMatch(/NOT NULL|not.null/i); // SQLite: NOT NULL constraint failed; PostgreSQL: violates not-null constraint
    expect(!nullInsert.ok && nullInsert.error.message).not.toContain('Failing row'); // PostgreSQL's detail: the row's values
    const duplicate = byRef.get('ins-dup')!;
    expect(duplicate.ok).toBe(false);
    expect(!duplicate.ok && duplicate.error.message).toMatch(/UNIQUE|unique|constraint/i);
    const missing = byRef.get('upd-missing')!;
    expect(missing.ok).toBe(false);
    expect(!missing.ok && (missing.error as TandemError).code).toBe(ErrorCodes.RECORD_NOT_FOUND);
    const stale = byRef.get('upd-stale')!;
    expect(stale.ok).toBe(false);
    expect(!stale.ok && (stale.error as TandemError).code).toBe(ErrorCodes.CONCURRENT_CHANGE);

    // What is in the database: the good operations, and nothing of the bad ones.
    const n1 = await contact('N1');
    expect(n1).toMatchObject({ name: 'New one', score: 10, modifiedBy: 'sync-user' });
    const okInsert = byRef.get('ins-ok')!;
    expect(okInsert.ok && n1!.modifiedOn.getTime()).toBe(okInsert.ok && okInsert.modifiedOn.getTime());
    expect(await contact('N2')).toBeNull();
    expect(await contact('N3')).toMatchObject({ name: 'Keyed by the operation', modifiedBy: 'sync-user' });
    expect(await contact('W01')).toMatchObject({ name: 'One', email: 'one@example.com' });
    // An update writes the changed fields and keeps the others.
    const w02 = await contact('W02');
    expect(w02).toMatchObject({ name: 'Two changed', email: 'two@example.com', score: 2, modifiedBy: 'sync-user' });
    expect(w02!.modifiedOn.getTime()).toBeGreaterThan(old.getTime());
    expect(await contact('W03')).toBeNull();
    expect(await contact('W04')).toMatchObject({ name: 'Four', modifiedBy: 'user' });
    expect((await contact('W04'))!.modifiedOn.getTime()).toBe(old.getTime());
    expect(await orm.em.fork().count('Contact', {})).toBe(5); // W01 W02 W04 N1 N3
  });

  it('an update with the current expectedModifiedOn succeeds; a bad update fails alone', async () => {
    const results = await store.write('Contact', [
      { kind: 'update', ref: 'a', id: 'W01', values: { score: 11 }, expectedModifiedOn: old },
      { kind: 'update', ref: 'b', id: 'W02', values: { name: null } },
      { kind: 'update', ref: 'c', id: 'W03', values: { email: 'three@example.com' } },
    ]);
    expect(results.map((r) => [r.ref, r.ok])).toEqual([['a', true], ['b', false], ['c', true]]);
    expect(await contact('W01')).toMatchObject({ name: 'One', score: 11 });
    expect(await contact('W02')).toMatchObject({ name: 'Two' });
    expect(await contact('W03')).toMatchObject({ name: 'Three', email: 'three@example.com' });
  });

  it('inserts into a table with generated ids report each new id', async () => {
    const results = await store.write('Counter', [
      { kind: 'insert', ref: 'x', values: { label: 'first' } },
      { kind: 'insert', ref: 'y', values: { label: null } },
      { kind: 'insert', ref: 'z', values: { label: 'second' } },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const rows = await orm.em.fork().find(CounterSchema, {}, { orderBy: { id: 'asc' }, disableIdentityMap: true });
    expect(rows.map((r) => r.label)).toEqual(['first', 'second']);
    const x = results[0]!;
    const z = results[2]!;
    expect(x.ok && x.id).toBe(String(rows[0]!.id));
    expect(z.ok && z.id).toBe(String(rows[1]!.id));
  });

  it('an empty batch writes nothing', async () => {
    expect(await store.write('Contact', [])).toEqual([]);
    expect(await orm.em.fork().count('Contact', {})).toBe(4);
  });
});
