import { MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ErrorCodes, TandemError, errorMessage } from '../errors/TandemError';
import { inTransaction } from '../state/inTransaction';

/** Where a PostgreSQL business/state database is. */
export interface PostgresDatabaseOptions {
  /** `postgresql://user@host:port/database`; a password in it works, but pass it as `password` instead. */
  url: string;
  /** The password, kept out of the URL (from the environment, e.g. `TANDEM_DATABASE_PASSWORD`). */
  password?: string;
  /** The schema that holds the business and state tables (default `public`); created on boot when missing. */
  schema?: string;
  /** Connection pool bounds (MikroORM's defaults otherwise). */
  pool?: { min?: number; max?: number };
}

/**
 * MikroORM options for a business/state database on PostgreSQL, for `createHost({ database })`. The host adds its
 * state entities and the plugins' entities, as on SQLite.
 */
export function postgresDatabase(options: PostgresDatabaseOptions): Partial<Options> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.pool ? { pool: options.pool } : {}),
  };
}

/** True when the ORM talks to PostgreSQL (by its platform, so any PostgreSQL driver counts). */
export function isPostgres(orm: MikroORM): boolean {
  return orm.em.getPlatform().constructor.name.toLowerCase().includes('postgre');
}

/** True when MikroORM options name a PostgreSQL driver (`postgresDatabase` or your own). */
export function isPostgresOptions(options: Partial<Options>): boolean {
  let driver = options.driver as (abstract new (...args: never[]) => unknown) | undefined;
  while (driver) {
    if (driver === PostgreSqlDriver) return true;
    driver = Object.getPrototypeOf(driver) as typeof driver;
  }
  return false;
}

/**
 * `127.0.0.1:5432 (database "test", user "postgres", schema "x")`: where PostgreSQL options connect, from the URL and
 * the separate keys, never with the password.
 */
export function postgresLocation(options: Partial<Options>): string {
  let url: URL | undefined;
  try {
    url = options.clientUrl ? new URL(options.clientUrl) : undefined;
  } catch {
    url = undefined;
  }
  const host = options.host ?? (url?.hostname || 'localhost');
  const port = options.port ?? (url?.port ? Number(url.port) : 5432);
  const dbName = options.dbName ?? (url?.pathname.replace(/^\//, '') || '(default)');
  const user = options.user ?? (url?.username ? decodeURIComponent(url.username) : '(default)');
  return `${host}:${port} (database "${dbName}", user "${user}"${options.schema ? `, schema "${options.schema}"` : ''})`;
}

/**
 * Opens a PostgreSQL ORM; a server that cannot be reached (or refuses the login) fails with
 * TANDEM_DATABASE_UNREACHABLE, naming where it tried and the driver's reason, never the password.
 */
export async function openPostgres(options: Options): Promise<MikroORM> {
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(options);
    const check = await orm.checkConnection();
    if (!check.ok) throw new Error(check.reason);
    return orm;
  } catch (error) {
    await orm?.close().catch(() => undefined);
    throw unreachable(postgresLocation(options), errorMessage(error));
  }
}

export function unreachable(location: string, reason: string): TandemError {
  return new TandemError(
    ErrorCodes.DATABASE_UNREACHABLE,
    `PostgreSQL is not reachable at ${location}: ${reason}. Start the server or correct the URL and credentials ` +
      '(the password comes from the environment, never from a file).',
    { errorClass: 'transient' },
  );
}

/** The advisory lock that serializes schema changes of Tandem hosts (and test schemas) on one PostgreSQL server. */
const SCHEMA_LOCK = "select pg_advisory_xact_lock(hashtext('tandem:schema'))";

/**
 * Runs a schema change while holding a server-wide advisory lock on PostgreSQL (SQLite: just runs it). Two hosts
 * booting at once would otherwise both create the same tables, and PostgreSQL's catalog reads of a schema diff fail
 * ("could not open relation with OID …") while another schema is being dropped. The lock lives in a transaction on
 * one pooled connection while `work` uses others, so a pool of a single connection runs `work` without it.
 */
export async function withSchemaLock<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  const pool = orm.config.get('pool') as { max?: number } | undefined;
  if (!isPostgres(orm) || pool?.max === 1) return work();
  return inTransaction(orm.em.fork(), async (em) => {
    await (em as unknown as { execute(sql: string): Promise<unknown> }).execute(SCHEMA_LOCK);
    return work();
  });
}
