import type { EntityManager } from '@mikro-orm/core';
import type { SyncDirection } from '../model/Direction';
import { directionColumns, retryCondition, type Coupling } from './Coupling';
import { unpackGuid } from './PackedGuidType';
import { stateQuery } from './stateQuery';
import { stateTable } from './stateTable';

const DATES = ['businessModifiedOn', 'integrationModifiedOn', 'createdAt', 'updatedAt'] as const;

/** A coupling property's quoted column. */
export function couplingColumn(em: EntityManager, property: keyof Coupling): string {
  return em.getPlatform().quoteIdentifier(em.getMetadata().get('Coupling').properties[property]!.fieldNames[0]!);
}

const selects = new WeakMap<object, string>();

/** `select <column> as <property>, … from tandem_coupling`, built once per metadata. */
function selectCouplings(em: EntityManager): string {
  const meta = em.getMetadata().get('Coupling');
  let select = selects.get(meta);
  if (select === undefined) {
    const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
    const columns = Object.values(meta.properties).map((p) => `${quote(p.fieldNames[0]!)} as ${quote(p.name)}`);
    selects.set(meta, (select = `select ${columns.join(', ')} from ${stateTable(em, 'Coupling')}`));
  }
  return select;
}

/** The statement `readCouplings` runs. */
export function couplingsSql(em: EntityManager, where: string): string {
  return `${selectCouplings(em)} where ${where}`;
}

/**
 * Couplings as plain objects, read with one SQL statement (`where` and what follows it, with `?` parameters) straight
 * through `stateQuery`: no entity per row (entity creation was ≈ a quarter of the syncing process's CPU in a regular
 * run re-reading a large overlap window), no query builder. The values are the ones `em.find` gives: dates as `Date`,
 * `skipped` as a boolean, the job id as text, the merge base parsed (still in its stored form).
 */
export async function readCouplings(em: EntityManager, where: string, params: readonly unknown[]): Promise<Coupling[]> {
  const rows = await stateQuery(em, couplingsSql(em, where), params, 'all');
  return rows.map(asCoupling);
}

/**
 * The read of couplings waiting to be retried in a direction: failed or pending, not skipped, by id. The condition is
 * spelled with literals so that the partial retry index of the direction serves it (see `CouplingSchema`).
 */
export function retryRead(em: EntityManager, mapping: string, direction: SyncDirection, limit: number): { where: string; params: unknown[] } {
  const condition = retryCondition(couplingColumn(em, directionColumns(direction).result), couplingColumn(em, 'skipped'));
  return { where: `${couplingColumn(em, 'mapping')} = ? and ${condition} order by ${couplingColumn(em, 'id')} limit ?`, params: [mapping, limit] };
}

function asCoupling(row: Record<string, unknown>): Coupling {
  for (const field of DATES) {
    const value = row[field];
    if (value !== null && value !== undefined && !(value instanceof Date)) row[field] = new Date(value as number | string);
  }
  row.skipped = row.skipped === true || row.skipped === 1 || row.skipped === '1';
  if (typeof row.syncedValues === 'string') row.syncedValues = JSON.parse(row.syncedValues);
  if (row.lastJobId !== null && typeof row.lastJobId !== 'string') row.lastJobId = unpackGuid(row.lastJobId);
  return row as unknown as Coupling;
}
