/** The value types a mapped field can have, shared by both sides. */
export type FieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'boolean'
  | 'datetime'
  | 'date'
  /** A time of day as text, `HH:MM[:SS[.fff]]`. */
  | 'time'
  | 'uuid'
  | 'option'
  | 'lookup'
  | 'json';

export interface OptionValue {
  value: number;
  label: string;
}

/** One field of a table, described store-neutrally. */
export interface FieldDefinition {
  name: string;
  type: FieldType;
  /** Longest accepted text, for string fields. */
  maxLength?: number;
  nullable?: boolean;
  /** The store sets it; a mapping may read it but never write it. */
  readOnly?: boolean;
  /** Allowed values of an option field. */
  options?: OptionValue[];
  /** For a foreign key or lookup: the table whose id this field holds. */
  references?: string;
  /**
   * Another name mappings may use for this field. Dataverse lookups are read as `_ownerid_value` (the field's `name`)
   * but documented under their logical name `ownerid`; either names the field, and the host turns the logical name
   * into `name` at boot.
   */
  logicalName?: string;
}

/**
 * What a store says about one of its tables. Integration table definitions are registered by plugins; business table
 * definitions are derived from MikroORM metadata.
 */
export interface TableDefinition {
  /** The name mappings use for this table (a MikroORM entity name, a Dataverse logical name). */
  name: string;
  idField: string;
  modifiedOnField: string;
  modifiedByField?: string;
  /**
   * When the row was created, if the table keeps it: a store may then narrow match lookups to rows created before an
   * instant (`MatchQuery.createdBefore`).
   */
  createdOnField?: string;
  /** The human-readable name column, when there is one. */
  nameField?: string;
  /** True when the store assigns ids itself (auto-increment): a client-chosen id is ignored on insert. */
  idGenerated?: boolean;
  fields: Record<string, FieldDefinition>;
}

/** A field by its name or, failing that, by its logical name (`ownerid` for `_ownerid_value`). */
export function findField(table: TableDefinition, name: string): FieldDefinition | undefined {
  if (Object.hasOwn(table.fields, name)) return table.fields[name];
  return Object.values(table.fields).find((field) => field.logicalName === name);
}
