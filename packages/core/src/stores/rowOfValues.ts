import type { Row } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';

/** A table's row from its values by field name: the id, modified-on and modified-by taken from their fields. */
export function rowOfValues(def: TableDefinition, values: Record<string, unknown>): Row {
  const modifiedOn = values[def.modifiedOnField];
  const row: Row = {
    id: String(values[def.idField]),
    modifiedOn: modifiedOn instanceof Date ? modifiedOn : new Date(modifiedOn as string),
    values,
  };
  if (def.modifiedByField && values[def.modifiedByField] != null) row.modifiedBy = String(values[def.modifiedByField]);
  return row;
}
