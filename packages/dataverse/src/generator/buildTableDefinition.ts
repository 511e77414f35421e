import { ErrorCodes } from '@tandem/core';
import type {
  DataverseAttributeType,
  DataverseColumn,
  DataverseDateTimeBehavior,
  DataverseDateTimeFormat,
  DataverseLookupTarget,
  DataverseOptionValue,
  DataverseOwnership,
  DataverseRequiredLevel,
  DataverseTableDefinition,
} from '../tables/DataverseTableDefinition';
import type { ColumnSpec } from '../tables/column';
import { column } from '../tables/column';
import { defineTable } from '../tables/defineTable';
import { isLookupType, isOptionType } from '../tables/fieldType';
import { MetadataError } from './MetadataError';
import type {
  AttributeCast,
  AttributeCastJson,
  AttributeJson,
  LabelJson,
  ManyToOneRelationshipJson,
  OptionJson,
  TableMetadataJson,
} from './metadataJson';

const supportedTypes: ReadonlySet<string> = new Set<DataverseAttributeType>([
  'String', 'Memo', 'Integer', 'BigInt', 'Decimal', 'Money', 'Double', 'Boolean', 'DateTime', 'Uniqueidentifier',
  'Lookup', 'Owner', 'Customer', 'Picklist', 'State', 'Status', 'EntityName',
]);
const ownerships: ReadonlySet<string> = new Set<DataverseOwnership>(['UserOwned', 'OrganizationOwned', 'BusinessOwned', 'None']);
const requiredLevels: ReadonlySet<string> = new Set<DataverseRequiredLevel>(['None', 'SystemRequired', 'ApplicationRequired', 'Recommended']);
const dateTimeFormats: ReadonlySet<string> = new Set<DataverseDateTimeFormat>(['DateOnly', 'DateAndTime']);
const dateTimeBehaviors: ReadonlySet<string> = new Set<DataverseDateTimeBehavior>(['UserLocal', 'DateOnly', 'TimeZoneIndependent']);

/** Which cast query carries the type-specific properties of an attribute type. */
const castOf: Partial<Record<DataverseAttributeType, AttributeCast>> = {
  String: 'String',
  Memo: 'Memo',
  Decimal: 'Decimal',
  Money: 'Money',
  Double: 'Double',
  DateTime: 'DateTime',
  Lookup: 'Lookup',
  Owner: 'Lookup',
  Customer: 'Lookup',
  Picklist: 'Picklist',
  State: 'State',
  Status: 'Status',
};

/**
 * Turns the metadata of one table into a definition. Skipped: companion attributes (`AttributeOf` set, e.g.
 * `owneridname`) and attribute types the connector cannot map (Virtual, PartyList, ManagedProperty, …).
 */
export function buildTableDefinition(metadata: TableMetadataJson): DataverseTableDefinition {
  const entity = metadata.entity;
  const table = requireString(entity.LogicalName, 'EntityDefinitions', 'LogicalName');
  const where = `EntityDefinitions(LogicalName='${table}')`;
  const ownership = requireString(entity.OwnershipType, where, 'OwnershipType');
  if (!ownerships.has(ownership)) throw invalid(`${where}: unsupported OwnershipType '${ownership}'`);
  if (typeof entity.ChangeTrackingEnabled !== 'boolean') throw invalid(`${where}: missing boolean 'ChangeTrackingEnabled'`);
  if (!Array.isArray(entity.Attributes)) throw invalid(`${where}: missing 'Attributes' (expand them)`);

  const casts = indexCasts(table, metadata);
  const relationships = metadata.manyToOneRelationships;
  const columns: DataverseColumn[] = [];
  for (const attribute of entity.Attributes) {
    const spec = columnSpecFromMetadata(table, attribute, casts, relationships);
    if (spec) columns.push(wrap(`${where}, attribute '${spec.logicalName}'`, () => column(spec)));
  }
  return wrap(where, () =>
    defineTable({
      logicalName: table,
      entitySetName: requireString(entity.EntitySetName, where, 'EntitySetName'),
      primaryIdAttribute: requireString(entity.PrimaryIdAttribute, where, 'PrimaryIdAttribute'),
      primaryNameAttribute: requireString(entity.PrimaryNameAttribute, where, 'PrimaryNameAttribute'),
      ownership: ownership as DataverseOwnership,
      changeTrackingEnabled: entity.ChangeTrackingEnabled as boolean,
      columns,
    }),
  );
}

function columnSpecFromMetadata(
  table: string,
  attribute: AttributeJson,
  casts: Map<AttributeCast, Map<string, AttributeCastJson>>,
  relationships: readonly ManyToOneRelationshipJson[],
): ColumnSpec | undefined {
  const logicalName = requireString(attribute.LogicalName, `${table} Attributes`, 'LogicalName');
  const where = `attribute '${table}.${logicalName}'`;
  if (attribute.AttributeOf !== null && attribute.AttributeOf !== undefined) return undefined;
  const attributeType = requireString(attribute.AttributeType, where, 'AttributeType');
  if (!supportedTypes.has(attributeType)) return undefined;
  const type = attributeType as DataverseAttributeType;

  const requiredLevel = requireString(attribute.RequiredLevel?.Value, where, 'RequiredLevel.Value');
  if (!requiredLevels.has(requiredLevel)) throw invalid(`${where}: unknown RequiredLevel '${requiredLevel}'`);
  const spec: ColumnSpec = {
    logicalName,
    attributeType: type,
    requiredLevel: requiredLevel as DataverseRequiredLevel,
    validForCreate: requireBoolean(attribute.IsValidForCreate, where, 'IsValidForCreate'),
    validForUpdate: requireBoolean(attribute.IsValidForUpdate, where, 'IsValidForUpdate'),
    validForRead: requireBoolean(attribute.IsValidForRead, where, 'IsValidForRead'),
  };

  const cast = castOf[type];
  if (cast === undefined) return spec;
  const details = casts.get(cast)?.get(logicalName);
  if (!details) throw invalid(`${where} (${type}) is missing from the ${cast}AttributeMetadata cast query`);

  if (type === 'String' || type === 'Memo') {
    spec.maxLength = requireNumber(details.MaxLength, where, 'MaxLength');
  } else if (type === 'Decimal' || type === 'Money' || type === 'Double') {
    if (details.Precision !== null && details.Precision !== undefined) spec.precision = requireNumber(details.Precision, where, 'Precision');
  } else if (type === 'DateTime') {
    if (details.Format !== null && details.Format !== undefined) {
      if (!dateTimeFormats.has(details.Format)) throw invalid(`${where}: unknown DateTime Format '${details.Format}'`);
      spec.dateTimeFormat = details.Format as DataverseDateTimeFormat;
    }
    const behavior = details.DateTimeBehavior?.Value;
    if (behavior !== undefined) {
      if (!dateTimeBehaviors.has(behavior)) throw invalid(`${where}: unknown DateTimeBehavior '${behavior}'`);
      spec.dateTimeBehavior = behavior as DataverseDateTimeBehavior;
    }
  } else if (isLookupType(type)) {
    spec.targets = lookupTargets(where, logicalName, details, relationships);
  } else if (isOptionType(type)) {
    spec.options = optionsOf(where, type, details);
  }
  return spec;
}

/**
 * Navigation properties come from the many-to-one relationships: the one whose `ReferencedEntity` is the target, or
 * the only one of the attribute (Owner: one `ownerid` relationship to the abstract `owner` serves users and teams).
 */
function lookupTargets(
  where: string,
  logicalName: string,
  details: AttributeCastJson,
  relationships: readonly ManyToOneRelationshipJson[],
): DataverseLookupTarget[] {
  if (!Array.isArray(details.Targets) || details.Targets.length === 0) throw invalid(`${where}: lookup without 'Targets'`);
  const own = relationships.filter((r) => r.ReferencingAttribute === logicalName);
  if (own.length === 0) throw invalid(`${where}: no ManyToOneRelationships entry has ReferencingAttribute '${logicalName}'`);
  return details.Targets.map((table) => {
    const relationship = own.find((r) => r.ReferencedEntity === table) ?? (own.length === 1 ? own[0] : undefined);
    if (!relationship) throw invalid(`${where}: no ManyToOneRelationships entry for target '${table}'`);
    const navigationProperty = requireString(
      relationship.ReferencingEntityNavigationPropertyName,
      `${where}, relationship ${relationship.SchemaName ?? '(unnamed)'}`,
      'ReferencingEntityNavigationPropertyName',
    );
    return { table, navigationProperty };
  });
}

function optionsOf(where: string, type: DataverseAttributeType, details: AttributeCastJson): DataverseOptionValue[] {
  const options = details.OptionSet?.Options;
  if (!Array.isArray(options)) throw invalid(`${where}: missing 'OptionSet.Options' (expand OptionSet)`);
  return options.map((option: OptionJson) => {
    const value = requireNumber(option.Value, where, 'an option Value');
    const result: DataverseOptionValue = { value, label: labelOf(option.Label, `${where}, option ${value}`) };
    if (type === 'State') result.defaultStatus = requireNumber(option.DefaultStatus, `${where}, state ${value}`, 'DefaultStatus');
    if (type === 'Status') result.state = requireNumber(option.State, `${where}, status ${value}`, 'State');
    return result;
  });
}

function labelOf(label: LabelJson | undefined, where: string): string {
  const text = label?.UserLocalizedLabel?.Label ?? label?.LocalizedLabels?.[0]?.Label;
  if (typeof text !== 'string') throw invalid(`${where}: missing 'Label.UserLocalizedLabel.Label'`);
  return text;
}

function indexCasts(table: string, metadata: TableMetadataJson): Map<AttributeCast, Map<string, AttributeCastJson>> {
  const result = new Map<AttributeCast, Map<string, AttributeCastJson>>();
  for (const [cast, rows] of Object.entries(metadata.casts) as [AttributeCast, AttributeCastJson[]][]) {
    if (!Array.isArray(rows)) throw invalid(`${table}: the ${cast}AttributeMetadata cast query returned no 'value' array`);
    const byName = new Map<string, AttributeCastJson>();
    for (const row of rows) byName.set(requireString(row.LogicalName, `${table} ${cast}AttributeMetadata`, 'LogicalName'), row);
    result.set(cast, byName);
  }
  return result;
}

function requireString(value: unknown, where: string, property: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${where}: missing string '${property}'`);
  return value;
}

function requireNumber(value: unknown, where: string, property: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${where}: missing number '${property}'`);
  return value;
}

function requireBoolean(value: unknown, where: string, property: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${where}: missing boolean '${property}'`);
  return value;
}

function invalid(message: string): MetadataError {
  return new MetadataError(ErrorCodes.DATAVERSE_METADATA_INVALID, `Dataverse metadata: ${message}`);
}

/** Definition checks (duplicate column, missing primary id…) surface as metadata errors naming the table. */
function wrap<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof MetadataError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MetadataError(ErrorCodes.DATAVERSE_METADATA_INVALID, `Dataverse metadata: ${where}: ${reason}`, { cause: error });
  }
}
