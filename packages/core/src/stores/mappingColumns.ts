import { filterFields } from '../model/Filter';
import type { TableMapping } from '../model/TableMapping';
import type { TableStore } from './TableStore';

type Side = 'business' | 'integration';

/**
 * The columns the engine reads on one side of a mapping: the mapped fields (also one-way ones: a field flowing the
 * other way is still compared for conflicts), the side's filter, and the template filters evaluated on rows read from
 * that side. Match fields are mapped fields, so they are in already.
 */
export function mappingColumns(mapping: TableMapping, side: Side): string[] {
  const columns = new Set<string>();
  for (const field of mapping.fields) {
    const name = field?.[side];
    if (typeof name === 'string') columns.add(name);
  }
  const filter = side === 'business' ? mapping.businessFilter : mapping.integrationFilter;
  if (filter) filterFields(filter).forEach((name) => columns.add(name));
  // Templates of the other side are chosen by filters on this side's (source) rows.
  for (const template of mapping.templates[side === 'business' ? 'integration' : 'business']) {
    if (template.filter) filterFields(template.filter).forEach((name) => columns.add(name));
  }
  return [...columns];
}

/** Tells each store which columns the mappings use on its tables (`TableStore.useColumns`, where a store has it). */
export function declareMappingColumns(mappings: readonly TableMapping[], stores: Record<Side, TableStore>): void {
  for (const mapping of mappings) {
    stores.business.useColumns?.(mapping.businessTable, mappingColumns(mapping, 'business'));
    stores.integration.useColumns?.(mapping.integrationTable, mappingColumns(mapping, 'integration'));
  }
}
