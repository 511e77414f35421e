import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import { SQLITE_READ_CONNECTION } from './sqliteReadConnection';

/**
 * Tandem reads its state (couplings, merge bases, leases, jobs, watermarks) and its change pages from the primary. A
 * read replica you configure (a PostgreSQL standby) may lag behind it, and a coupling or lease read from there could
 * miss a commit: a record created twice, a lease taken twice. The only replica Tandem reads from is its own read
 * connection to the same SQLite file (`withSqliteReadConnection`), which sees the last commit.
 */
function onlyOwnReplicas(replicas: readonly { name?: string }[] | undefined): boolean {
  return !!replicas?.length && replicas.every((replica) => replica.name === SQLITE_READ_CONNECTION);
}

/** The connection for Tandem's reads of `em` outside a transaction: its own read connection, or the primary. */
export function readConnectionType(em: EntityManager): 'read' | 'write' {
  return onlyOwnReplicas(em.config.get('replicas')) ? 'read' : 'write';
}

/**
 * Refuses an ORM that sends `em.find` to replicas of the user's own (`preferReadReplicas`, MikroORM's default when
 * replicas are configured): Tandem's state store reads through `em.find` too. The host sets it false on the
 * databases it opens; an ORM passed in (`database: { orm }`) must say so itself.
 */
export function assertPrimaryReads(orm: MikroORM): void {
  const replicas = orm.config.get('replicas') ?? [];
  if (replicas.length === 0 || onlyOwnReplicas(replicas) || orm.config.get('preferReadReplicas') === false) return;
  throw new TandemError(
    ErrorCodes.CONFIG_INVALID,
    'the database ORM sends its reads to read replicas (preferReadReplicas), which may lag behind the primary; Tandem ' +
      "reads its state from the primary: set preferReadReplicas: false (your own reads can still ask for a replica with { connectionType: 'read' })",
  );
}
