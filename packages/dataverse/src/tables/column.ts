import type {
  DataverseAttributeType,
  DataverseColumn,
  DataverseDateTimeBehavior,
  DataverseDateTimeFormat,
  DataverseLookupTarget,
  DataverseOptionValue,
  DataverseRequiredLevel,
} from './DataverseTableDefinition';
import { TableDefinitionError } from './errors';
import { coreFieldType, isLookupType, isOptionType, readNameOf } from './fieldType';

/** What a column is in metadata terms; everything else of a `DataverseColumn` is derived from it. */
export interface ColumnSpec {
  logicalName: string;
  attributeType: DataverseAttributeType;
  /** Default `None`. */
  requiredLevel?: DataverseRequiredLevel;
  /** Defaults `true`. */
  validForCreate?: boolean;
  validForUpdate?: boolean;
  validForRead?: boolean;
  maxLength?: number;
  precision?: number;
  dateTimeBehavior?: DataverseDateTimeBehavior;
  dateTimeFormat?: DataverseDateTimeFormat;
  options?: readonly DataverseOptionValue[];
  targets?: readonly DataverseLookupTarget[];
}

/**
 * Builds a column from its metadata description. Hand-written tables and the metadata generator both go through
 * here, so a generated definition and a shipped one compare equal when the metadata agrees.
 */
export function column(spec: ColumnSpec): DataverseColumn {
  const { logicalName, attributeType } = spec;
  const where = `column '${logicalName}' (${attributeType})`;
  if (!logicalName) throw new TableDefinitionError(`A ${attributeType} column has no logical name`);
  if (isLookupType(attributeType) && (spec.targets === undefined || spec.targets.length === 0)) {
    throw new TableDefinitionError(`${where} is a lookup but names no target table`);
  }
  if (!isLookupType(attributeType) && spec.targets !== undefined) {
    throw new TableDefinitionError(`${where} is not a lookup but has targets`);
  }
  if (isOptionType(attributeType) && (spec.options === undefined || spec.options.length === 0)) {
    throw new TableDefinitionError(`${where} is a choice column but has no options`);
  }
  if ((attributeType === 'String' || attributeType === 'Memo') && spec.maxLength === undefined) {
    throw new TableDefinitionError(`${where} has no maxLength`);
  }

  const requiredLevel = spec.requiredLevel ?? 'None';
  const validForCreate = spec.validForCreate ?? true;
  const validForUpdate = spec.validForUpdate ?? true;
  const result: DataverseColumn = {
    name: readNameOf(logicalName, attributeType),
    logicalName,
    type: coreFieldType(attributeType, spec.dateTimeBehavior),
    attributeType,
    requiredLevel,
    validForCreate,
    validForUpdate,
    validForRead: spec.validForRead ?? true,
    // Only SystemRequired is enforced by the server; ApplicationRequired columns can still be null.
    nullable: requiredLevel !== 'SystemRequired',
    readOnly: !validForCreate && !validForUpdate,
  };
  // Optional properties are set only when present, so definitions compare equal however they were built.
  if (spec.maxLength !== undefined) result.maxLength = spec.maxLength;
  if (spec.precision !== undefined) result.precision = spec.precision;
  if (spec.dateTimeBehavior !== undefined) result.dateTimeBehavior = spec.dateTimeBehavior;
  if (spec.dateTimeFormat !== undefined) result.dateTimeFormat = spec.dateTimeFormat;
  if (spec.options !== undefined) {
    result.options = [...spec.options].sort((a, b) => a.value - b.value).map((option) => ({ ...option }));
  }
  if (spec.targets !== undefined) {
    result.targets = spec.targets.map((target) => ({ ...target }));
    // `references` is only unambiguous for a single-target lookup; polymorphic ones are read through `targets`.
    if (spec.targets.length === 1) result.references = spec.targets[0].table;
  }
  return result;
}
