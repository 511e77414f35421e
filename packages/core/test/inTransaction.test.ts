import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import type { EntityManager, MikroORM, Options } from '@mikro-orm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction, openPostgres, withSchemaLock } from '../src/index';
import { DATABASE_KINDS, scratchDatabase, type DatabaseKind } from '../src/testing/index';
import { SalespersonSchema, type Salesperson } from './fixtures/entities';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(kind: DatabaseKind): Promise<MikroORM> {
  const scratch = await scratchDatabase(kind, { label: 'tx' });
  const options = { ...scratch.options, entities: [SalespersonSchema] } as Options;
  const orm = (kind === 'sqlite' ? await SqliteORM.init(options) : await openPostgres(options)) as unknown as MikroORM;
  cleanups.push(async () => {
    await scratch.drop(orm);
    await orm.close();
  });
  await withSchemaLock(orm, () => orm.schema.updateSchema({ safe: true }));
  return orm;
}

const person = (code: string, name = code): Salesperson => ({ code, name, modifiedOn: new Date(0) });
async function codes(orm: MikroORM): Promise<string[]> {
  const rows = await orm.em.fork().find(SalespersonSchema, {}, { orderBy: { code: 'asc' }, disableIdentityMap: true });
  return rows.map((r) => r.code);
}

describe.each(DATABASE_KINDS)('inTransaction on %s (em.transactional without AsyncLocalStorage)', (kind) => {
  it('commits what work wrote and returns its result; rolls everything back when work throws', async () => {
    const orm = await database(kind);
    expect(await inTransaction(orm.em.fork(), async (em) => {
      await em.insert(SalespersonSchema, person('A'));
      expect(em.isInTransaction()).toBe(true);
      return 'done';
    })).toBe('done');
    const failed = await inTransaction(orm.em.fork(), async (em) => {
      await em.insert(SalespersonSchema, person('B'));
      await em.nativeUpdate(SalespersonSchema, { code: 'A' }, { name: 'changed' });
      throw new Error('boom');
    }).catch((error: Error) => error.message);
    expect(failed).toBe('boom');
    expect(await codes(orm)).toEqual(['A']);
    expect((await orm.em.fork().findOneOrFail(SalespersonSchema, { code: 'A' })).name).toBe('A');
  });

  it('nests as a savepoint: a failed inner transaction is undone alone, the outer one commits', async () => {
    const orm = await database(kind);
    await inTransaction(orm.em.fork(), async (em) => {
      await em.insert(SalespersonSchema, person('OUTER'));
      const inner = await inTransaction(em, async (nested: EntityManager) => {
        await nested.insert(SalespersonSchema, person('INNER'));
        throw new Error('inner');
      }).catch((error: Error) => error.message);
      expect(inner).toBe('inner');
      await inTransaction(em, (nested) => nested.insert(SalespersonSchema, person('KEPT')));
    });
    expect(await codes(orm)).toEqual(['KEPT', 'OUTER']);
  });

  it('flushes entities work persisted or changed, and hands loaded entities to the parent EntityManager', async () => {
    const orm = await database(kind);
    await orm.em.fork().insert(SalespersonSchema, person('OLD'));
    const parent = orm.em.fork();
    await inTransaction(parent, async (em) => {
      em.persist(em.create(SalespersonSchema, person('NEW')));
      const old = await em.findOneOrFail(SalespersonSchema, { code: 'OLD' });
      old.name = 'renamed';
    });
    expect(await codes(orm)).toEqual(['NEW', 'OLD']);
    expect((await orm.em.fork().findOneOrFail(SalespersonSchema, { code: 'OLD' })).name).toBe('renamed');
    expect(parent.getUnitOfWork().getById<Salesperson>('Salesperson', 'OLD' as never)?.name).toBe('renamed');
    // A persisted entity whose flush fails rolls the transaction back.
    const failed = await inTransaction(orm.em.fork(), async (em) => {
      await em.insert(SalespersonSchema, person('GONE'));
      em.persist(em.create(SalespersonSchema, person('NEW')));
    }).catch(() => 'failed');
    expect(failed).toBe('failed');
    expect(await codes(orm)).toEqual(['NEW', 'OLD']);
  });
});
