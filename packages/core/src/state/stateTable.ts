import type { EntityManager } from '@mikro-orm/core';

/** The quoted name of a state entity's table, with the configured schema where the platform has schemas. */
export function stateTable(em: EntityManager, entity: string): string {
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const schema = meta.schema ?? em.config.get('schema');
  return platform.quoteIdentifier(schema && (platform as unknown as { supportsSchemas(): boolean }).supportsSchemas() ? `${schema}.${meta.tableName}` : meta.tableName);
}
