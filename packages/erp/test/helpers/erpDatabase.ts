import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { erpEntities } from '../../src/index';

export interface ErpDatabase {
  orm: MikroORM;
  file: string;
  close(): Promise<void>;
}

const templates = new Map<string, Promise<string>>();

/**
 * A SQLite file built once per test process by `build` and then copied for each test: creating the schema on a
 * file takes over a second, a copy a few milliseconds.
 */
function template(name: string, build: (orm: MikroORM) => Promise<void>): Promise<string> {
  let file = templates.get(name);
  if (!file) {
    file = (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tandem-erp-template-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const path = join(dir, `${name}.sqlite`);
      const orm = await MikroORM.init({ dbName: path, entities: [...erpEntities] });
      await orm.schema.createSchema();
      await build(orm);
      await orm.close();
      return path;
    })();
    templates.set(name, file);
  }
  return file;
}

/**
 * A fresh SQLite file in its own temp folder with the ERP schema, optionally filled by `fill` (run once per process
 * for a given `templateName`, then copied).
 */
export async function erpDatabase(templateName = 'empty', fill: (orm: MikroORM) => Promise<void> = async () => {}): Promise<ErpDatabase> {
  const source = await template(templateName, fill);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-erp-'));
  const file = join(dir, 'erp.sqlite');
  copyFileSync(source, file);
  const orm = await MikroORM.init({ dbName: file, entities: [...erpEntities] });
  return {
    orm,
    file,
    close: async () => {
      await orm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of an entity, ordered by its key, read straight from the database. */
export async function allRows(orm: MikroORM, entity: string): Promise<Record<string, unknown>[]> {
  const meta = orm.getMetadata().find(entity)!;
  const key = meta.primaryKeys[0]!;
  return orm.em.fork().find(entity, {}, { orderBy: { [key]: 'asc' }, disableIdentityMap: true }) as Promise<Record<string, unknown>[]>;
}

/** Waits until the clock has passed `date` by at least `ms`. */
export async function after(date: Date, ms = 5): Promise<void> {
  while (Date.now() < date.getTime() + ms) await new Promise((resolve) => setTimeout(resolve, 1));
}
