import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection, AbstractSqlPlatform } from '@mikro-orm/knex';
import { inTransaction } from './inTransaction';

/** The missing-option register before it kept one row per value (one per record and value). */
const OLD_REGISTER = 'tandem_missing_option_value';

/**
 * Brings state tables of an older layout into the current one, after `updateSchema` made the current tables (which,
 * in its safe mode, drops no table). Runs at boot under the schema lock; a database already current is left as is.
 * - The missing-option register of one row per record is folded into `tandem_missing_option`: one row per option
 *   set, side, value, mapping and field, with the number of rows it replaces, the earliest first and the latest last
 *   sighting, and one of their records. The old table is dropped.
 */
export async function migrateState(orm: MikroORM): Promise<void> {
  const connection = orm.em.getConnection() as unknown as AbstractSqlConnection;
  const platform = orm.em.getPlatform() as unknown as AbstractSqlPlatform;
  const schema = platform.supportsSchemas() ? (orm.config.get('schema') as string | undefined) : undefined;
  const knexSchema = connection.getKnex().schema;
  if (!(await (schema ? knexSchema.withSchema(schema) : knexSchema).hasTable(OLD_REGISTER))) return;
  const table = (name: string) => platform.quoteIdentifier(schema ? `${schema}.${name}` : name);
  const key = 'option_set, side, value, mapping, field';
  await inTransaction(orm.em.fork(), async (em) => {
    const execute = (sql: string) => em.getConnection().execute(sql, [], 'run', em.getTransactionContext());
    // `where true`: SQLite would read the `on` of `on conflict` after a bare `from` as a join's.
    await execute(
      `insert into ${table('tandem_missing_option')} (${key}, record_id, occurrences, first_seen_at, last_seen_at) ` +
        `select ${key}, max(record_id), count(*), min(first_seen_at), max(last_seen_at) from ${table(OLD_REGISTER)} where true ` +
        `group by ${key} on conflict (${key}) do nothing`,
    );
    await execute(`drop table ${table(OLD_REGISTER)}`);
  });
}
