import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterEach, expect, it } from 'vitest';
import { stateQuery } from '../src/state/stateQuery';
import { stateTable } from '../src/state/stateTable';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describeOnBothDatabases('state statements at the driver (issue 8)', () => {
  it('run in the entity manager\'s transaction: seen inside it, rolled back with it; outside one they commit', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const orm = db.host.orm;
    const table = stateTable(orm.em.fork(), 'MergeBaseLayout');
    const key = orm.em.getPlatform().quoteIdentifier('key');
    const count = async () => Number((await stateQuery(orm.em.fork(), `select count(*) as n from ${table}`, [], 'all'))[0]!.n);
    const before = await count();
    await expect(orm.em.fork().transactional(async (em) => {
      expect(await stateQuery(em, `insert into ${table} (${key}, fields) values (?, ?)`, ['k1', '{"b":[]}'], 'run')).toBe(1);
      // The ORM's own statements in the same transaction see the row too.
      expect(await em.getConnection().execute(`select fields from ${table} where ${key} = ?`, ['k1'], 'all', em.getTransactionContext())).toEqual([{ fields: '{"b":[]}' }]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await count()).toBe(before);
    await stateQuery(orm.em.fork(), `insert into ${table} (${key}, fields) values (?, ?)`, ['k2', '{}'], 'run');
    expect(await stateQuery(orm.em.fork(), `select fields from ${table} where ${key} = ?`, ['k2'], 'all')).toEqual([{ fields: '{}' }]);
  });

  it('a failing statement gives MikroORM\'s exception class, as the ORM\'s execute does', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const em = db.host.orm.em.fork();
    const table = stateTable(em, 'MergeBaseLayout');
    const insert = `insert into ${table} (${em.getPlatform().quoteIdentifier('key')}, fields) values (?, ?)`;
    await stateQuery(em, insert, ['same', '{}'], 'run');
    await expect(stateQuery(em, insert, ['same', '{}'], 'run')).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });
});
