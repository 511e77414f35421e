import type { DataverseColumn } from '@tandem/dataverse';
import type { EntityModel } from '../metadata/EntityModel';
import { isPolymorphic } from '../metadata/EntityModel';
import { targetColumnOf } from '../storage/SqlNames';

/**
 * The SQL columns a read with `$select` has to fetch, so SQLite reads and converts those instead of every column
 * (≈ 60 on `account` where a connector selects a dozen): the selected columns, the primary id, `versionnumber` (the
 * ETag), the hidden target column of each polymorphic lookup (its table), the row's currency (the formatted value of
 * money shows its symbol), and whatever else the read uses (sort keys for the paging cookie, expanded lookups).
 * Undefined — every column — when nothing or `*` was selected.
 */
export function readColumns(model: EntityModel, select: string[] | undefined, selected: DataverseColumn[], also: DataverseColumn[] = []): string[] | undefined {
  if (!select || select.includes('*')) return undefined;
  const names = new Set<string>([model.primaryId]);
  for (const name of ['versionnumber', '_transactioncurrencyid_value']) if (model.byReadName.has(name)) names.add(name);
  for (const column of [...selected, ...also]) {
    names.add(column.name);
    if (isPolymorphic(column)) names.add(targetColumnOf(column.name));
  }
  return [...names];
}
