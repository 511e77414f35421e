import type { MikroORM } from '@mikro-orm/core';
import type { MikroOrmStore } from '../stores/MikroOrmStore';

/**
 * The newest modified-on of a business table: `ORDER BY modifiedOn DESC LIMIT 1`, one indexed read. The worker
 * compares it with the mark it took when an entry went on hold. It sees every committed change, whoever made it:
 * this process, another process through the ORM, or raw SQL that stamps the modified-on column.
 */
export async function newestBusinessChange(orm: MikroORM, business: MikroOrmStore, table: string): Promise<Date | null> {
  const field = business.definition(table).modifiedOnField;
  const [row] = await orm.em.fork().find<Record<string, unknown>>(table, {}, {
    orderBy: { [field]: 'desc' }, fields: [field] as never[], limit: 1, disableIdentityMap: true,
  });
  const value = row?.[field];
  return value instanceof Date ? value : value === null || value === undefined ? null : new Date(value as string | number);
}
