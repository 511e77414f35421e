import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { SqlEntityManager } from '@mikro-orm/knex';
import type { Coupling } from './Coupling';

const DATES = ['businessModifiedOn', 'integrationModifiedOn', 'createdAt', 'updatedAt'] as const;

/**
 * Couplings as plain objects, read with a query builder: MikroORM maps the columns to properties without creating
 * (and tracking the propagation of) an entity per row. Entity creation was ≈ a quarter of the syncing process's CPU
 * in a regular run that re-reads a large overlap window (a page's couplings are read for every page). The values are
 * the ones `em.find` gives: dates as `Date`, `skipped` as a boolean, the merge base parsed.
 */
export async function readCouplings(
  em: EntityManager,
  where: FilterQuery<Coupling>,
  options: { orderBy?: QueryOrderMap<Coupling>; limit?: number; sql?: string } = {},
): Promise<Coupling[]> {
  if (!(em instanceof SqlEntityManager)) {
    return em.find<Coupling>('Coupling', where, { ...(options.orderBy ? { orderBy: options.orderBy } : {}), ...(options.limit ? { limit: options.limit } : {}), disableIdentityMap: true });
  }
  const qb = em.createQueryBuilder<Coupling>('Coupling').select('*').where(where as never);
  // A condition in SQL with literals, on top of `where` (see `retryCondition`).
  if (options.sql) qb.andWhere(options.sql);
  if (options.orderBy) qb.orderBy(options.orderBy as never);
  if (options.limit) qb.limit(options.limit);
  const rows = (await qb.execute('all')) as unknown as Record<string, unknown>[];
  return rows.map(asCoupling);
}

function asCoupling(row: Record<string, unknown>): Coupling {
  for (const field of DATES) {
    const value = row[field];
    if (value !== null && value !== undefined && !(value instanceof Date)) row[field] = new Date(value as number | string);
  }
  row.skipped = row.skipped === true || row.skipped === 1 || row.skipped === '1';
  if (typeof row.syncedValues === 'string') row.syncedValues = JSON.parse(row.syncedValues);
  return row as unknown as Coupling;
}
