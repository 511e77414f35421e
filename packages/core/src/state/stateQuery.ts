import type { EntityManager } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import { readConnectionType } from '../host/primaryReads';
import { runPrepared, type Sqlite3Database } from './preparedStatements';

/** A driver connection of knex's `pg` dialect (`Client`); `sqlite3`'s is a node-sqlite3 `Database`. */
interface PgConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}
interface KnexClient {
  driverName: string;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** The driver `stateQuery` runs `em`'s statements with: knex's `sqlite3` (node-sqlite3), `pg`, or another (MikroORM's `execute`). */
export function stateDriver(em: EntityManager): string {
  return knexClientOf(em).client.driverName;
}

/**
 * The knex client `em`'s statements run on: its transaction's, or the connection's — for a read, the read connection
 * when the host opened one (`withSqliteReadConnection`, `readConnectionType`), else the write connection.
 */
function knexClientOf(em: EntityManager, read = false) {
  const transaction = em.getTransactionContext() as { client: KnexClient; isCompleted(): boolean } | undefined;
  const connection = em.getConnection(read && !transaction ? readConnectionType(em) : 'write') as unknown as AbstractSqlConnection;
  return { transaction, connection, client: (transaction?.client ?? connection.getKnex().client) as unknown as KnexClient };
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the state store's SQL has no `?` in literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Runs one statement of the state store with bound `?` parameters on `em`'s connection — inside its transaction
 * when it has one (a page write shares it with the business store's writes on SQLite). Statements go straight to the
 * driver for knex's `sqlite3` and `pg` dialects: through MikroORM's `execute`, every parameter was formatted into
 * the SQL text as a literal and the text run through knex's raw formatter and runner, which cost more than the
 * statement itself for a 500-row page write. On SQLite each statement is compiled once per connection
 * (`runPrepared`). Other drivers take `execute`. `all` gives the rows, `run` the number of rows changed. Values must
 * be driver-ready (dates as the platform stores them, JSON as text).
 */
export async function stateQuery(em: EntityManager, sql: string, params: readonly unknown[], method: 'all'): Promise<Record<string, unknown>[]>;
export async function stateQuery(em: EntityManager, sql: string, params: readonly unknown[], method: 'run'): Promise<number>;
export async function stateQuery(em: EntityManager, sql: string, params: readonly unknown[], method: 'all' | 'run'): Promise<Record<string, unknown>[] | number> {
  const { transaction, connection, client } = knexClientOf(em, method === 'all');
  if (client.driverName !== 'sqlite3' && client.driverName !== 'pg') {
    const result = await connection.execute(sql, [...params], method, transaction as never);
    return method === 'all' ? (result as Record<string, unknown>[]) : Number((result as { affectedRows?: number }).affectedRows ?? 0);
  }
  // Knex refuses a statement on a finished transaction; so does this (it would run outside any transaction).
  if (transaction?.isCompleted()) throw new Error(`state statement on a finished transaction: ${sql.slice(0, 60)}`);
  // In a transaction, knex's transaction client gives its own connection and its release is a no-op.
  const driver = await client.acquireConnection();
  try {
    if (client.driverName === 'pg') {
      const result = await (driver as PgConnection).query(numbered(sql), [...params]);
      return method === 'all' ? result.rows : (result.rowCount ?? 0);
    }
    return await runPrepared(driver as Sqlite3Database, sql, params, method);
  } catch (error) {
    // The exception classes MikroORM's `execute` gives (unique constraint violation, …).
    throw em.getPlatform().getExceptionConverter().convertException(error as Error);
  } finally {
    await client.releaseConnection(driver);
  }
}
