import { EntitySchema, type Options } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { currentDatabaseKind, describeOnBothDatabases, scratchDatabase, type ScratchDatabase } from '../src/testing/index';
import { ErrorCodes, MikroOrmStore, withSchemaLock, type MatchQuery } from '../src/index';

/** A table that keeps when each row was created (`createdAt`, found by convention). */
interface Lead { id: string; name: string; createdAt?: Date | null; modifiedOn: Date }
const LeadSchema = new EntitySchema<Lead>({
  name: 'Lead',
  properties: {
    id: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 60 },
    createdAt: { type: 'datetime', nullable: true },
    modifiedOn: { type: 'datetime', index: true },
  },
});

/** A table without a created-on: the bound cannot apply and is ignored. */
interface Note { id: string; name: string; modifiedOn: Date }
const NoteSchema = new EntitySchema<Note>({
  name: 'Note',
  properties: { id: { type: 'string', primary: true, length: 20 }, name: { type: 'string', length: 60 }, modifiedOn: { type: 'datetime' } },
});

let orm: MikroORM;
let store: MikroOrmStore;
let database: ScratchDatabase;

beforeEach(async () => {
  database = await scratchDatabase(currentDatabaseKind(), { label: 'created' });
  orm = (await MikroORM.init({ ...database.options, entities: [LeadSchema, NoteSchema] } as Options)) as MikroORM;
  await withSchemaLock(orm, () => orm.schema.updateSchema({ safe: true }));
  store = new MikroOrmStore(orm, { name: 'erp' });
});
afterEach(async () => {
  await database.drop(orm);
  await orm?.close();
});

const at = (iso: string) => new Date(iso);
const names = (rows: { values: Record<string, unknown> }[]) => rows.map((r) => r.values.name).sort();
const acme = (createdBefore?: unknown): MatchQuery => ({ candidates: [{ name: 'Acme' }], ...(createdBefore === undefined ? {} : { createdBefore: createdBefore as Date }) });

describeOnBothDatabases('MikroOrmStore.findByValues createdBefore', () => {
  it('leaves out rows created after the instant (beyond a second of margin), keeps older and unstamped ones', async () => {
    expect((await store.describe('Lead')).createdOnField).toBe('createdAt');
    await orm.em.fork().insertMany('Lead', [
      { id: 'OLD', name: 'Acme', createdAt: at('2024-01-01T09:00:00Z'), modifiedOn: at('2024-01-01T09:00:00Z') },
      { id: 'EDGE', name: 'ACME', createdAt: at('2024-01-01T10:00:00.500Z'), modifiedOn: at('2024-01-01T10:00:00.500Z') },
      { id: 'NONE', name: 'acme', createdAt: null, modifiedOn: at('2024-01-01T09:00:00Z') },
      { id: 'NEW', name: 'Acme', createdAt: at('2024-01-01T10:00:02Z'), modifiedOn: at('2024-01-01T10:00:02Z') },
    ]);
    const bounded = await store.findByValues('Lead', acme(at('2024-01-01T10:00:00Z')));
    expect(bounded.map((r) => r.id).sort()).toEqual(['EDGE', 'NONE', 'OLD']);
    expect((await store.findByValues('Lead', acme())).map((r) => r.id).sort()).toEqual(['EDGE', 'NEW', 'NONE', 'OLD']);
  });

  it('stamps the created-on of the rows it inserts, so a later bound leaves them out', async () => {
    const before = new Date(Date.now() - 5_000);
    const [made] = await store.write('Lead', [{ kind: 'insert', ref: 'a', id: 'MADE', values: { name: 'Acme' } }]);
    expect(made).toMatchObject({ ok: true });
    expect(names(await store.findByValues('Lead', acme(before)))).toEqual([]);
    expect(names(await store.findByValues('Lead', acme(new Date())))).toEqual(['Acme']);
  });

  it('ignores the bound on a table without a created-on', async () => {
    await store.write('Note', [{ kind: 'insert', ref: 'a', id: 'N1', values: { name: 'Acme' } }]);
    expect((await store.describe('Note')).createdOnField).toBeUndefined();
    expect(names(await store.findByValues('Note', acme(new Date(0))))).toEqual(['Acme']);
  });

  it('refuses a createdBefore that is not a valid Date with a stable code', async () => {
    for (const bad of ['2024-01-01', 1_700_000_000_000, new Date('not a date')]) {
      await expect(store.findByValues('Lead', acme(bad))).rejects.toMatchObject({ code: ErrorCodes.MATCH_QUERY_INVALID });
    }
    await expect(store.findByValues('Lead', acme('yesterday'))).rejects.toThrow(/createdBefore of a match query must be a valid Date; got "yesterday"/);
  });
});
