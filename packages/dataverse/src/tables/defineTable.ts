import type { DataverseColumn, DataverseOwnership, DataverseTableDefinition } from './DataverseTableDefinition';
import { TableDefinitionError } from './errors';

export interface TableSpec {
  logicalName: string;
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  ownership: DataverseOwnership;
  /** Default `true`: the connector's delta reads want change tracking on every table it syncs. */
  changeTrackingEnabled?: boolean;
  /** Columns, or groups of columns (`auditColumns()`), in any order. */
  columns: readonly (DataverseColumn | readonly DataverseColumn[])[];
}

/** Assembles and checks a table definition: unique column names, and the id, name and modified-on columns present. */
export function defineTable(spec: TableSpec): DataverseTableDefinition {
  const where = `Dataverse table '${spec.logicalName}'`;
  const fields: Record<string, DataverseColumn> = {};
  for (const col of spec.columns.flat()) {
    if (Object.hasOwn(fields, col.name)) throw new TableDefinitionError(`${where} defines column '${col.name}' twice`);
    fields[col.name] = col;
  }
  const primaryId = fields[spec.primaryIdAttribute];
  if (primaryId?.attributeType !== 'Uniqueidentifier') {
    throw new TableDefinitionError(`${where}: primary id '${spec.primaryIdAttribute}' is missing or not a Uniqueidentifier`);
  }
  for (const required of [spec.primaryNameAttribute, 'modifiedon', '_modifiedby_value']) {
    if (!Object.hasOwn(fields, required)) throw new TableDefinitionError(`${where} has no '${required}' column`);
  }
  return {
    name: spec.logicalName,
    logicalName: spec.logicalName,
    entitySetName: spec.entitySetName,
    primaryIdAttribute: spec.primaryIdAttribute,
    primaryNameAttribute: spec.primaryNameAttribute,
    ownership: spec.ownership,
    changeTrackingEnabled: spec.changeTrackingEnabled ?? true,
    idField: spec.primaryIdAttribute,
    nameField: spec.primaryNameAttribute,
    modifiedOnField: 'modifiedon',
    modifiedByField: '_modifiedby_value',
    idGenerated: false,
    fields,
  };
}
