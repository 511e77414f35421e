import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM, Options } from '@mikro-orm/core';
import { openPostgres, postgresDatabase, withSchemaLock } from '../host/postgresDatabase';

/** The two databases a host runs on. */
export type DatabaseKind = 'sqlite' | 'postgresql';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgresql'];

/**
 * The PostgreSQL server tests use: `TANDEM_TEST_POSTGRES_URL`, else the one on this machine (127.0.0.1:5432,
 * database `test`, user `postgres`, trust auth). Tests start no server; they fail clearly when it is not there.
 */
export function testPostgresUrl(): string {
  return process.env.TANDEM_TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/test';
}

/** A database of its own for one test: a fresh SQLite file (or memory), or a fresh PostgreSQL schema. */
export interface ScratchDatabase {
  kind: DatabaseKind;
  /** MikroORM options for `createHost({ database })` or `MikroORM.init` (add your entities). */
  options: Partial<Options>;
  /** The PostgreSQL schema, or the SQLite file (`:memory:` unless `file` was asked for). */
  name: string;
  /** Creates the PostgreSQL schema now (through `orm` when given, an open ORM on the same server). */
  create(orm?: MikroORM): Promise<void>;
  /**
   * Drops the schema with everything in it (or deletes the SQLite file). Pass an ORM that is still open on the same
   * server to run the statement through it, else a short connection of its own is opened.
   */
  drop(orm?: MikroORM): Promise<void>;
}

export interface ScratchOptions {
  /** Part of the schema or file name, to tell them apart (letters, digits, `_`). */
  label?: string;
  /** SQLite: a file in a temporary folder instead of `:memory:` (several connections, other processes). */
  file?: boolean;
  /** PostgreSQL: another server URL than `testPostgresUrl()`. */
  url?: string;
}

/**
 * A database for one test. On PostgreSQL: a schema named `tandem_<label>_<random>` that the test owns and `drop()`
 * removes with everything in it. Opening it fails with TANDEM_DATABASE_UNREACHABLE ("PostgreSQL is not reachable at
 * 127.0.0.1:5432 …") when the server is not there.
 */
export async function scratchDatabase(kind: DatabaseKind, scratch: ScratchOptions = {}): Promise<ScratchDatabase> {
  const label = (scratch.label ?? 'test').replace(/[^a-z0-9_]/giu, '_').toLowerCase();
  if (kind === 'sqlite') {
    const nothing = async () => undefined;
    if (!scratch.file) return { kind, options: { dbName: ':memory:' }, name: ':memory:', create: nothing, drop: nothing };
    const dir = mkdtempSync(join(tmpdir(), `tandem-${label}-`));
    const file = join(dir, 'database.sqlite');
    return { kind, options: { dbName: file }, name: file, create: nothing, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  // The schema itself is created by the first `updateSchema` (createHost does that); `create()` makes it at once.
  const schema = `tandem_${label}_${randomBytes(5).toString('hex')}`;
  const url = scratch.url ?? testPostgresUrl();
  // Under the schema lock: a schema dropped while another test's host reads the catalog breaks that read.
  const statement = async (sql: string, orm?: MikroORM) => {
    const run = (on: MikroORM) => withSchemaLock(on, () => on.em.getConnection().execute(sql));
    if (orm) return void (await run(orm));
    const admin = await adminOrm(url);
    try {
      await run(admin);
    } finally {
      await admin.close();
    }
  };
  return {
    kind, name: schema,
    options: { ...postgresDatabase({ url, schema, pool: { min: 0, max: 4 } }), ensureDatabase: false },
    create: (orm) => statement(`create schema if not exists "${schema}"`, orm),
    drop: (orm) => statement(`drop schema if exists "${schema}" cascade`, orm),
  };
}

/** A small ORM without entities, to create and drop schemas (two connections: the lock's and the statement's). */
function adminOrm(url: string): Promise<MikroORM> {
  return openPostgres({
    ...postgresDatabase({ url, pool: { min: 0, max: 2 } }), entities: [], discovery: { warnWhenNoEntities: false }, ensureDatabase: false,
  } as Options);
}
