import type { Configuration, Dictionary } from '@mikro-orm/core';
import { AbstractSqlDriver, SqliteConnection, SqlitePlatform, type Knex } from '@mikro-orm/sqlite';
import { UNBOUND, boundValue } from './boundValue';

type Method = 'all' | 'get' | 'run';

/**
 * MikroORM 6 inlines every parameter into the SQL text before it runs a statement (`Platform.formatQuery`). This
 * connection binds them instead whenever they are plain values: customer data never becomes SQL text, and characters
 * such as U+0000, which end an inlined SQLite statement, are stored like any other.
 */
export class BoundSqliteConnection extends SqliteConnection {
  override async execute<T extends Dictionary | Dictionary[] = Dictionary[]>(
    query: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: Method = 'all',
    ctx?: unknown,
    loggerContext?: Dictionary,
  ): Promise<T> {
    const bound = params.map(boundValue);
    if (typeof query !== 'string' || params.length === 0 || bound.includes(UNBOUND)) {
      return super.execute(query, params as never[], method, ctx as never, loggerContext as never) as Promise<T>;
    }
    await this.ensureConnection();
    const sql = (this as unknown as { config: Configuration }).config.get('onQuery')(query, params as never[]);
    return this.executeQuery(sql, async () => {
      const statement = this.getKnex().raw(sql, bound as Knex.RawBinding[]);
      if (ctx) statement.transacting(ctx as Knex.Transaction);
      return this.transformRawResult<T>(await statement, method);
    }, { query: sql, params, ...loggerContext } as never);
  }
}

/** The SQLite driver with bound parameters (see `BoundSqliteConnection`); the host uses it for its own databases. */
export class BoundSqliteDriver extends AbstractSqlDriver<BoundSqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), BoundSqliteConnection, ['knex', 'sqlite3']);
  }
}
