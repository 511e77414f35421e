import type { EntityManager, EntitySchema } from '@mikro-orm/core';

/** Inserts rows with multi-row statements of `size` rows: no unit of work, no per-row round trip. */
export async function insertInBatches<T extends object>(em: EntityManager, schema: EntitySchema<T>, rows: readonly T[], size: number): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await em.insertMany(schema, rows.slice(i, i + size) as T[]);
  }
}
