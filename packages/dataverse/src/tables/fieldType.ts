import type { FieldType } from '@tandem/core';
import type { DataverseAttributeType, DataverseDateTimeBehavior } from './DataverseTableDefinition';

const LOOKUP_TYPES: ReadonlySet<DataverseAttributeType> = new Set(['Lookup', 'Owner', 'Customer']);
const OPTION_TYPES: ReadonlySet<DataverseAttributeType> = new Set(['Picklist', 'State', 'Status']);

/** Lookup, Owner and Customer: read as `_x_value`, written through navigation properties. */
export function isLookupType(type: DataverseAttributeType): boolean {
  return LOOKUP_TYPES.has(type);
}

/** Picklist, State and Status: integer values with labels. */
export function isOptionType(type: DataverseAttributeType): boolean {
  return OPTION_TYPES.has(type);
}

/** The name a column has in reads, `$select` and `$filter`. */
export function readNameOf(logicalName: string, type: DataverseAttributeType): string {
  return isLookupType(type) ? `_${logicalName}_value` : logicalName;
}

/** The store-neutral type of a Dataverse column. Only the DateOnly *behavior* is a plain date on the wire (`Edm.Date`). */
export function coreFieldType(type: DataverseAttributeType, behavior?: DataverseDateTimeBehavior): FieldType {
  switch (type) {
    case 'String':
    case 'EntityName':
      return 'string';
    case 'Memo':
      return 'text';
    case 'Integer':
      return 'integer';
    case 'BigInt':
      return 'bigint';
    case 'Decimal':
    case 'Money':
    case 'Double':
      return 'decimal';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return behavior === 'DateOnly' ? 'date' : 'datetime';
    case 'Uniqueidentifier':
      return 'uuid';
    case 'Lookup':
    case 'Owner':
    case 'Customer':
      return 'lookup';
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'option';
  }
}
