import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPrepared, type Sqlite3Database } from '../src/state/preparedStatements';

// The driver knex's sqlite3 dialect uses (a dependency of @mikro-orm/sqlite).
const require = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/sqlite'));
const sqlite3 = require('sqlite3') as { Database: new (file: string, done: (error: Error | null) => void) => Sqlite3Database & { exec(sql: string, done: (error: Error | null) => void): void } };

type Db = InstanceType<typeof sqlite3.Database>;
const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await close(db).catch(() => undefined);
});

async function database(): Promise<Db> {
  const file = join(mkdtempSync(join(tmpdir(), 'tandem-prepared-')), 'db.sqlite');
  const db = await new Promise<Db>((resolve, reject) => {
    const opened: Db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  open.push(db);
  await exec(db, 'create table t (id integer primary key, name text not null)');
  return db;
}
const exec = (db: Db, sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
const close = (db: Db) => new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));

describe('prepared statements per SQLite connection', () => {
  it('runs a kept statement again with new values, also many at once, inside and outside a transaction', async () => {
    const db = await database();
    const insert = 'insert into t (id, name) values (?, ?)';
    expect(await runPrepared(db, insert, [1, 'a'], 'run')).toBe(1);
    // Calls on the same statement at once are queued by the driver, each with its own values.
    expect(await Promise.all([2, 3, 4].map((id) => runPrepared(db, insert, [id, `n${id}`], 'run')))).toEqual([1, 1, 1]);
    await exec(db, 'begin');
    await runPrepared(db, insert, [5, 'rolled back'], 'run');
    expect(await runPrepared(db, 'select count(*) as n from t', [], 'all')).toEqual([{ n: 5 }]);
    await exec(db, 'rollback');
    expect(await runPrepared(db, 'select id, name from t order by id', [], 'all')).toEqual([
      { id: 1, name: 'a' }, { id: 2, name: 'n2' }, { id: 3, name: 'n3' }, { id: 4, name: 'n4' },
    ]);
  });

  it('a failing run fails alone and leaves the statement usable; a statement that does not compile fails every call on it', async () => {
    const db = await database();
    const insert = 'insert into t (id, name) values (?, ?)';
    await runPrepared(db, insert, [1, 'a'], 'run');
    await expect(runPrepared(db, insert, [1, 'again'], 'run')).rejects.toThrow(/UNIQUE constraint failed/);
    await expect(runPrepared(db, insert, [2, null], 'run')).rejects.toThrow(/NOT NULL constraint failed/);
    expect(await runPrepared(db, insert, [2, 'b'], 'run')).toBe(1);
    const missing = 'select * from later where id = ?';
    const both = await Promise.allSettled([runPrepared(db, missing, [1], 'all'), runPrepared(db, missing, [2], 'all')]);
    expect(both.map((r) => r.status === 'rejected' && String(r.reason))).toEqual([expect.stringMatching(/no such table: later/), expect.stringMatching(/no such table: later/)]);
    // Not kept: once the table exists, the same text compiles.
    await exec(db, 'create table later (id integer)');
    expect(await runPrepared(db, missing, [1], 'all')).toEqual([]);
  });

  it('keeps a bounded number of statements (the least recently used goes) and closes the connection with statements kept', async () => {
    const db = await database();
    // More distinct statements than are kept, one of them used throughout: every call answers.
    for (let i = 0; i < 60; i++) {
      await runPrepared(db, `insert into t (id, name) values (?, ?${' || \'\''.repeat(i % 30)})`, [i, `n${i}`], 'run');
      expect(await runPrepared(db, 'select count(*) as n from t', [], 'all')).toEqual([{ n: i + 1 }]);
    }
    await close(db);
    open.length = 0;
  });
});
