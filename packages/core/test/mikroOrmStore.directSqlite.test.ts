import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecimalType, EntitySchema, type EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { BoundSqliteDriver, inTransaction, MikroOrmStore, type WriteOperation } from '../src/index';

/** A decimal read as text, as the ERP's money columns (a custom type with its own JS conversion). */
class Money extends DecimalType<'string'> {
  constructor() {
    super('string');
  }
}

interface Owner { code: string; modifiedOn: Date }
interface Thing {
  id: string; name: string; flag: boolean; amount: string | null; price: string; born: Date | null; day: string | null;
  data: unknown; count: number | null; big: string | null; kind: string; owner: Owner | null; modifiedOn: Date;
}
const OwnerSchema = new EntitySchema<Owner>({
  name: 'Owner',
  properties: { code: { type: 'string', primary: true, length: 10 }, modifiedOn: { type: 'datetime' } },
});
const ThingSchema = new EntitySchema<Thing>({
  name: 'Thing',
  properties: {
    id: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 60 },
    flag: { type: 'boolean', default: false },
    amount: { type: Money, precision: 18, scale: 5, nullable: true },
    price: { type: Money, precision: 18, scale: 5, default: '0' },
    born: { type: 'datetime', nullable: true },
    day: { type: 'date', nullable: true },
    data: { type: 'json', nullable: true },
    count: { type: 'integer', nullable: true },
    big: { type: 'bigint', nullable: true },
    kind: { type: 'string', length: 10, default: 'plain' },
    owner: { kind: 'm:1', entity: () => OwnerSchema, nullable: true },
    modifiedOn: { type: 'datetime', index: true },
  },
});

const closing: MikroORM[] = [];
afterEach(async () => {
  for (const orm of closing.splice(0)) await orm.close();
});

/** The host's kind of SQLite database (a file, bound parameters), every statement's SQL recorded. */
async function database(): Promise<{ orm: MikroORM; store: MikroOrmStore; statements: string[] }> {
  const statements: string[] = [];
  const orm = await MikroORM.init({
    dbName: join(mkdtempSync(join(tmpdir(), 'tandem-direct-')), 'erp.sqlite'),
    driver: BoundSqliteDriver as never,
    entities: [OwnerSchema, ThingSchema],
    onQuery: (sql) => (statements.push(sql), sql),
  });
  closing.push(orm);
  await orm.schema.createSchema();
  await orm.em.fork().insert(OwnerSchema, { code: 'O1', modifiedOn: new Date(0) });
  return { orm, store: new MikroOrmStore(orm as never), statements };
}

const born = new Date('1990-02-03T04:05:06.789Z');
/** Rows with every kind of value: nulls, defaults taken for nulls, dates, decimals, JSON, big numbers, references. */
const values: Record<string, unknown>[] = [
  { name: "O'Neil ?? \u0000 x", flag: true, amount: '12.5', price: '3.14159', born, day: '2024-02-29', data: { a: [1, 'two'], b: null }, count: 7, big: '9007199254740993', kind: 'special', owner: 'O1' },
  { name: 'nulls', flag: null, amount: null, price: null, born: null, day: null, data: null, count: null, big: null, kind: null, owner: null },
  { name: 'numbers', flag: false, amount: '-0.00001', price: '0', born: new Date(0), day: '1970-01-01', data: [1, 2], count: -3, big: '-12', kind: 'x', owner: null },
];
const inserts = (prefix: string): WriteOperation[] => values.map((v, i) => ({ kind: 'insert', ref: `${prefix}${i}`, id: `${prefix}${i}`, values: { ...v } }));

/** Every stored column as SQLite's `quote()` writes it: the storage class shows (1 vs '1' vs 1.0). */
async function stored(em: EntityManager): Promise<Record<string, unknown>[]> {
  const columns = ['id', 'name', 'flag', 'amount', 'price', 'born', 'day', 'data', 'count', 'big', 'kind', 'owner_code', 'typeof(modified_on)'];
  const select = columns.map((c) => (c.startsWith('typeof') ? c : `quote(\`${c}\`) as \`${c}\``)).join(', ');
  return em.getConnection().execute(`select ${select} from thing order by id`);
}

describe('MikroOrmStore at the SQLite driver (page inserts and reads by id)', () => {
  it('stores every value exactly as MikroORM\'s own insert does, and reads it back as MikroORM\'s reads map it', async () => {
    const direct = await database();
    const results = await direct.store.write('Thing', inserts('T'));
    expect(results.every((r) => r.ok)).toBe(true);
    // The statement went to the driver: MikroORM's insert ends with `returning`, its read names an alias.
    expect(direct.statements.find((s) => s.startsWith('insert into `thing`'))).not.toMatch(/returning/);

    // The same rows through MikroORM's own multi-row insert (what the store used before), on another file.
    const viaOrm = await database();
    const em = viaOrm.orm.em.fork();
    const now = new Date();
    await em.getDriver().nativeInsertMany('Thing', values.map((v, i) => ({ ...v, id: `T${i}`, modifiedOn: now })) as never[]);
    expect(await stored(direct.orm.em.fork())).toEqual(await stored(em));
    expect((await stored(em))[0]).toMatchObject({ flag: '1', amount: '12.5', born: String(born.getTime()), data: `'{"a":[1,"two"],"b":null}'`, 'typeof(modified_on)': 'integer' });

    direct.statements.length = 0;
    const byId = await direct.store.getByIds('Thing', ['T2', 'T0', 'T1', 'missing']);
    expect(direct.statements).toHaveLength(1);
    // Text keys go as one JSON parameter (`jsonTextList`).
    expect(direct.statements[0]).toMatch(/^select `id`, .* from `thing` where `id` in \(select value from json_each\(\?\)\)$/);
    // A key JSON would carry but the driver binds otherwise (U+0000): every key bound, as before.
    direct.statements.length = 0;
    expect((await direct.store.getByIds('Thing', ['T0', 'x\u0000y'])).map((r) => r.id)).toEqual(['T0']);
    expect(direct.statements[0]).toMatch(/ where `id` in \(\?, \?\)$/);
    // The query builder's read (readChanged) maps the same rows to the same values.
    const { rows } = await direct.store.readChanged('Thing', { limit: 10 });
    const sorted = (list: typeof rows) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(byId)).toEqual(sorted(rows));
    // (MikroORM's result mapper leaves decimals and JSON as SQLite gives them; its entities convert them later.)
    expect(sorted(byId)[0]!.values).toMatchObject({
      id: 'T0', name: "O'Neil ?? \u0000 x", flag: true, amount: 12.5, born, day: '2024-02-29', data: '{"a":[1,"two"],"b":null}', count: 7, kind: 'special', owner: 'O1',
    });
    expect(sorted(byId)[1]!.values).toMatchObject({ flag: false, price: 0, kind: 'plain', amount: null, born: null, data: null, owner: null });
  });

  it('an undefined value is stored as null is, and a row without a field of the first row takes MikroORM\'s way', async () => {
    const nulls = await database();
    expect((await nulls.store.write('Thing', inserts('T'))).every((r) => r.ok)).toBe(true);
    // The same rows with undefined for each null: the driver's statement, the same stored values (defaults for nulls).
    const undefinedValues = await database();
    const undefinedOps = inserts('T').map((op) => ({ ...op, values: Object.fromEntries(Object.entries((op as { values: object }).values).map(([k, v]) => [k, v ?? undefined])) }) as WriteOperation);
    expect((await undefinedValues.store.write('Thing', undefinedOps)).every((r) => r.ok)).toBe(true);
    expect(undefinedValues.statements.find((s) => s.startsWith('insert into `thing`'))).not.toMatch(/returning/);
    const em = nulls.orm.em.fork();
    expect(await stored(undefinedValues.orm.em.fork())).toEqual(await stored(em));
    // Rows whose second lacks fields the first has: MikroORM's insert (it lists the union, nulls for the rest), stored alike.
    const lacking = await database();
    const lackingOps = inserts('T').map((op, i) => (i === 1 ? { ...op, values: { name: 'nulls' } } : op) as WriteOperation);
    expect((await lacking.store.write('Thing', lackingOps)).every((r) => r.ok)).toBe(true);
    expect(await stored(lacking.orm.em.fork())).toEqual(await stored(em));
  });

  it('binds a value every row of a page has once (NULL as a literal), and stores the rows as MikroORM stores them', async () => {
    const shared = { flag: true, amount: null, price: '3.5', born, day: null, data: null, count: 0, big: null, kind: 'k', owner: null };
    const pages: [string, Record<string, unknown>[]][] = [
      ['every kind of value', values],
      ['shared values and nulls', [1, 2, 3].map((i) => ({ ...shared, name: `row ${i}` }))],
      // 0 and -0 bind alike, as two dates of one instant do (as their milliseconds); 0 and the empty text do not.
      ['0 and -0', [{ ...shared, name: 'a' }, { ...shared, name: 'b', count: -0 }]],
      ['0 and the empty text', [{ ...shared, name: 'a', kind: 0 }, { ...shared, name: 'b', kind: '' }]],
      ['equal dates', [{ ...shared, name: 'a' }, { ...shared, name: 'b', born: new Date(born.getTime()) }]],
      ['one row', [{ ...shared, name: 'alone' }]],
    ];
    for (const [what, page] of pages) {
      const direct = await database();
      const results = await direct.store.write('Thing', page.map((v, i) => ({ kind: 'insert', ref: `R${i}`, id: `R${i}`, values: { ...v } })));
      expect(results.every((r) => r.ok), what).toBe(true);
      const viaOrm = await database();
      const em = viaOrm.orm.em.fork();
      const now = new Date();
      await em.getDriver().nativeInsertMany('Thing', page.map((v, i) => ({ ...v, id: `R${i}`, modifiedOn: now })) as never[]);
      expect(await stored(direct.orm.em.fork()), what).toEqual(await stored(em));
      if (what === 'shared values and nulls') {
        // The values all rows share (the page's stamp too) once, first; then per row its name and id; nulls as NULL.
        const insert = direct.statements.find((s) => s.startsWith('insert into `thing`'))!;
        expect(insert).toMatch(/ values \(\?1, NULL, \?2, \?3, NULL, NULL, \?4, NULL, \?5, NULL, \?7, \?6, \?8\), \(\?1, NULL, \?2, \?3, NULL, NULL, \?4, NULL, \?5, NULL, \?, \?6, \?\), /);
      }
    }
  });

  it('a bad record fails alone with a stable code, the rest of its page is written once; the page\'s transaction takes all back', async () => {
    const { orm, store } = await database();
    await store.write('Thing', [{ kind: 'insert', ref: 'taken', id: 'TAKEN', values: { name: 'existing' } }]);
    const page: WriteOperation[] = [
      ...inserts('A'),
      // The same fields as the others: the page is one statement at the driver, which fails whole, then row by row.
      { kind: 'insert', ref: 'dup', id: 'TAKEN', values: { ...values[2], name: 'duplicate' } },
      { kind: 'insert', ref: 'bad-ref', id: 'B1', values: { ...values[2], name: 'no such owner', owner: 'NOPE' } },
      ...inserts('Z'),
    ];
    await orm.em.getConnection().execute('pragma foreign_keys = on');
    const results = await store.write('Thing', page);
    expect(results.filter((r) => r.ok).map((r) => r.ref)).toEqual(['A0', 'A1', 'A2', 'Z0', 'Z1', 'Z2']);
    const failed = results.filter((r) => !r.ok) as { ref: string; error: Error & { code?: string } }[];
    expect(failed.map((f) => [f.ref, f.error.code])).toEqual([['dup', 'TANDEM_WRITE_FAILED'], ['bad-ref', 'TANDEM_WRITE_FAILED']]);
    expect(failed[0]!.error.message).toBe('the database refused the write: [SQL statement left out]: SQLITE_CONSTRAINT: UNIQUE constraint failed: thing.id');
    expect(failed[1]!.error.message).toMatch(/FOREIGN KEY constraint failed/);
    const ids = async () => (await orm.em.fork().getConnection().execute<{ id: string }[]>('select id from thing order by id')).map((r) => r.id);
    expect(await ids()).toEqual(['A0', 'A1', 'A2', 'TAKEN', 'Z0', 'Z1', 'Z2']);
    expect((await store.getByIds('Thing', ['TAKEN']))[0]!.values['name']).toBe('existing');

    // Inside a page's transaction: the same writes, then the page fails: nothing of it stays.
    await expect(inTransaction(orm.em.fork(), async (em) => {
      const inPage = await store.write('Thing', [...inserts('P'), { kind: 'insert', ref: 'dup', id: 'TAKEN', values: { ...values[1], name: 'again' } }], { transaction: { join: <T>() => em as T } });
      expect(inPage.map((r) => r.ok)).toEqual([true, true, true, false]);
      expect(await em.getConnection().execute('select id from thing where id = ?', ['P0'], 'all', em.getTransactionContext())).toEqual([{ id: 'P0' }]);
      throw new Error('the page failed');
    })).rejects.toThrow('the page failed');
    expect(await ids()).toEqual(['A0', 'A1', 'A2', 'TAKEN', 'Z0', 'Z1', 'Z2']);
  });

  it('finds a page of text candidates with one statement at the driver, the same rows as the query builder finds', async () => {
    const { store, statements } = await database();
    const things = Array.from({ length: 80 }, (_, i) => ({ name: i % 2 ? `Name ${i}` : `NAME ${i}`, kind: i % 3 ? 'plain' : 'other' }));
    await store.write('Thing', things.map((values, i) => ({ kind: 'insert', ref: `${i}`, id: `M${i}`, values })));
    const expected = (below: number) => things.flatMap((t, i) => (i < below && t.kind === 'plain' ? [`M${i}`] : [])).sort();
    const find = async (count: number) => {
      statements.length = 0;
      const candidates = Array.from({ length: count }, (_, i) => ({ name: `name ${i}` }));
      const rows = await store.findByValues('Thing', { candidates: [...candidates, { name: 'NAME 0' }], filter: { kind: 'plain' } });
      return { ids: rows.map((r) => r.id).sort(), sql: [...statements] };
    };
    // 61 and 71 candidates (a repeated one among them): both lists padded to 100 values, the same statement.
    const sixty = await find(60);
    const seventy = await find(70);
    expect(sixty.ids).toEqual(expected(60));
    expect(seventy.ids).toEqual(expected(70));
    expect(sixty.sql).toHaveLength(1);
    expect(sixty.sql[0]).toMatch(/^select `id`, .* from `thing` where lower\(`name`\) in \((\?, ){99}\?\) and `kind` = \?$/);
    expect(seventy.sql).toEqual(sixty.sql);
    // A filter other than equalities, or a non-ASCII candidate: the query builder's way, the same rows.
    const viaBuilder = await store.findByValues('Thing', { candidates: Array.from({ length: 60 }, (_, i) => ({ name: `name ${i}` })), filter: { kind: { $in: ['plain'] } } });
    expect(viaBuilder.map((r) => r.id).sort()).toEqual(expected(60));
    expect((await store.findByValues('Thing', { candidates: [{ name: 'name 1' }, { name: 'nämé 2' }], filter: { kind: 'plain' } })).map((r) => r.id)).toEqual(['M1']);
  });
});
