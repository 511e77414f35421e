import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { BoundSqliteDriver, MikroOrmStore, withSchemaLock, type WriteOperation } from '../src/index';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', dbName: 'test' };

interface Person { id: string; name: string; city?: string | null; score?: number | null; active: boolean; born?: Date | null; modifiedOn: Date }
const PersonSchema = new EntitySchema<Person>({
  name: 'Person',
  properties: {
    id: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 60 },
    city: { type: 'string', length: 60, nullable: true },
    score: { type: 'integer', nullable: true },
    active: { type: 'boolean', default: true },
    born: { type: 'datetime', nullable: true },
    modifiedOn: { type: 'datetime', index: true },
  },
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The store on a fresh database, with every SQL statement it sends recorded. */
async function open(kind: 'sqlite' | 'sqlite-bound' | 'postgresql') {
  const statements: string[] = [];
  const onQuery = (sql: string) => (statements.push(sql), sql);
  let orm: { em: SqliteORM['em'] | PostgresORM['em']; schema: { updateSchema(o: object): Promise<void> }; close(): Promise<void> };
  if (kind !== 'postgresql') {
    const sqlite = await SqliteORM.init({ dbName: ':memory:', entities: [PersonSchema], onQuery, ...(kind === 'sqlite-bound' ? { driver: BoundSqliteDriver as never } : {}) });
    orm = sqlite as never;
    cleanups.push(() => sqlite.close());
  } else {
    const schema = `tandem_store_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let pg: PostgresORM | undefined;
    try {
      pg = await PostgresORM.init({ ...PG, schema, entities: [PersonSchema], onQuery, pool: { min: 0, max: 2 } });
      const check = await pg.checkConnection();
      if (!check.ok) throw new Error(check.reason);
    } catch (error) {
      await pg?.close();
      throw new Error(`PostgreSQL is not reachable at ${PG.host}:${PG.port} (database "${PG.dbName}", user "${PG.user}"): ${(error as Error).message}`);
    }
    orm = pg as never;
    const connected = pg;
    // Schema changes under the schema lock, as every other test's: a schema dropped while another test reads the
    // server's catalog (its own updateSchema) breaks that read.
    await withSchemaLock(connected, async () => {
      await connected.em.getConnection().execute(`create schema "${schema}"`);
      await connected.schema.updateSchema({ safe: true });
    });
    cleanups.push(async () => {
      await withSchemaLock(connected, () => connected.em.getConnection().execute(`drop schema "${schema}" cascade`));
      await connected.close();
    });
  }
  if (kind !== 'postgresql') await orm.schema.updateSchema({ safe: true });
  const store = new MikroOrmStore(orm as never, { name: kind });
  return { orm, store, statements };
}

describe.each(['sqlite', 'sqlite-bound', 'postgresql'] as const)('MikroOrmStore hot path on %s', (kind) => {
  it('reads plain rows with the columns named (no select *, no entities), and updates a page in one statement per 500 rows', async () => {
    const { orm, store, statements } = await open(kind);
    const born = new Date('1990-02-03T04:05:06.000Z');
    const inserts: WriteOperation[] = Array.from({ length: 600 }, (_, i) => ({
      kind: 'insert', ref: `i${i}`, id: `P${String(i).padStart(4, '0')}`, values: { name: `Person ${i}`, city: i % 2 ? 'Oslo' : null, score: i, active: i % 3 !== 0, born },
    }));
    expect((await store.write('Person', inserts)).every((r) => r.ok)).toBe(true);

    statements.length = 0;
    const { rows } = await store.readChanged('Person', { limit: 1000 });
    expect(rows).toHaveLength(600);
    const select = statements.filter((s) => /^select/i.test(s));
    expect(select).toHaveLength(1);
    expect(select[0]).not.toMatch(/select\s+(\S+\.)?\*/i);
    for (const column of ['id', 'name', 'city', 'score', 'active', 'born', 'modified_on']) expect(select[0]).toContain(column);
    const p7 = rows.find((r) => r.id === 'P0007')!;
    // Values converted like MikroORM's own entities would hold them.
    expect(p7.values).toEqual({ id: 'P0007', name: 'Person 7', city: 'Oslo', score: 7, active: true, born, modifiedOn: p7.modifiedOn });
    expect(p7.modifiedOn).toBeInstanceOf(Date);
    expect(rows.find((r) => r.id === 'P0000')!.values).toMatchObject({ city: null, active: false });

    statements.length = 0;
    const updates: WriteOperation[] = rows.map((row) => ({ kind: 'update', ref: row.id, id: row.id, values: { city: `City ${row.values['score']}`, active: true } }));
    updates.push({ kind: 'update', ref: 'gone', id: 'P9999', values: { city: 'x' } });
    const results = await store.write('Person', updates);
    expect(results.slice(0, 600).every((r) => r.ok)).toBe(true);
    expect(results[600]).toMatchObject({ ok: false });
    expect(statements.filter((s) => /^update/i.test(s))).toHaveLength(2);

    const after = await store.getByIds('Person', ['P0007', 'P0000']);
    expect(after.find((r) => r.id === 'P0007')!.values).toMatchObject({ name: 'Person 7', city: 'City 7', score: 7, active: true, born });
    expect(after.find((r) => r.id === 'P0000')!.values).toMatchObject({ city: 'City 0', active: true });
    expect(after[0]!.modifiedOn.getTime()).toBeGreaterThanOrEqual(p7.modifiedOn.getTime());
  });
});
