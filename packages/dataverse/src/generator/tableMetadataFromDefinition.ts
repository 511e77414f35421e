import type { DataverseColumn, DataverseOptionValue, DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import type { AttributeCast, AttributeCastJson, AttributeJson, EntityJson, ManyToOneRelationshipJson, OptionJson, TableMetadataJson } from './metadataJson';
import { attributeCasts } from './metadataJson';

/**
 * The metadata responses a Dataverse serving this definition would give, in the shapes `generateTableDefinition`
 * reads. The emulator serves `EntityDefinitions` from these; `buildTableDefinition` of the result equals the input.
 */
export function tableMetadataFromDefinition(def: DataverseTableDefinition): TableMetadataJson {
  const casts = Object.fromEntries(attributeCasts.map((cast) => [cast, attributeCastRows(def, cast)])) as Record<AttributeCast, AttributeCastJson[]>;
  return { entity: entityMetadata(def), casts, manyToOneRelationships: manyToOneRelationships(def) };
}

/** Body of `GET EntityDefinitions(LogicalName='…')?$select=…&$expand=Attributes($select=…)`. */
export function entityMetadata(def: DataverseTableDefinition): EntityJson {
  return {
    LogicalName: def.logicalName,
    EntitySetName: def.entitySetName,
    PrimaryIdAttribute: def.primaryIdAttribute,
    PrimaryNameAttribute: def.primaryNameAttribute,
    OwnershipType: def.ownership,
    ChangeTrackingEnabled: def.changeTrackingEnabled,
    Attributes: Object.values(def.fields).map(attributeMetadata),
  };
}

/** One attribute as the expanded `Attributes` list shows it, with its `@odata.type`. */
export function attributeMetadata(col: DataverseColumn): AttributeJson {
  return {
    '@odata.type': `#Microsoft.Dynamics.CRM.${metadataClassOf(col)}`,
    LogicalName: col.logicalName,
    AttributeType: col.attributeType,
    AttributeOf: null,
    IsValidForCreate: col.validForCreate,
    IsValidForUpdate: col.validForUpdate,
    IsValidForRead: col.validForRead,
    RequiredLevel: { Value: col.requiredLevel },
  };
}

/** The `value` array of `GET …/Attributes/Microsoft.Dynamics.CRM.<cast>AttributeMetadata?…`. */
export function attributeCastRows(def: DataverseTableDefinition, cast: AttributeCast): AttributeCastJson[] {
  return Object.values(def.fields)
    .filter((col) => castOf(col) === cast)
    .map((col): AttributeCastJson => {
      switch (cast) {
        case 'String':
        case 'Memo':
          return { LogicalName: col.logicalName, MaxLength: col.maxLength ?? null };
        case 'Decimal':
        case 'Money':
        case 'Double':
          return { LogicalName: col.logicalName, Precision: col.precision ?? null };
        case 'DateTime':
          return {
            LogicalName: col.logicalName,
            Format: col.dateTimeFormat ?? null,
            DateTimeBehavior: col.dateTimeBehavior === undefined ? null : { Value: col.dateTimeBehavior },
          };
        case 'Lookup':
          return { LogicalName: col.logicalName, Targets: (col.targets ?? []).map((t) => t.table) };
        case 'Picklist':
        case 'State':
        case 'Status':
          return { LogicalName: col.logicalName, OptionSet: { Options: (col.options ?? []).map(optionMetadata) } };
      }
    });
}

/** The `value` array of `GET EntityDefinitions(LogicalName='…')/ManyToOneRelationships?…`: one per lookup target. */
export function manyToOneRelationships(def: DataverseTableDefinition): ManyToOneRelationshipJson[] {
  return Object.values(def.fields).flatMap((col) => relationshipsOf(def, col));
}

function relationshipsOf(def: DataverseTableDefinition, col: DataverseColumn): ManyToOneRelationshipJson[] {
  return (col.targets ?? []).map((target) => ({
    SchemaName: `${target.table}_${def.logicalName}_${col.logicalName}`,
    ReferencingAttribute: col.logicalName,
    ReferencedEntity: target.table,
    ReferencingEntityNavigationPropertyName: target.navigationProperty,
  }));
}

function optionMetadata(option: DataverseOptionValue): OptionJson {
  const label = { Label: option.label, LanguageCode: 1033 };
  const result: OptionJson = { Value: option.value, Label: { LocalizedLabels: [label], UserLocalizedLabel: label } };
  if (option.defaultStatus !== undefined) result.DefaultStatus = option.defaultStatus;
  if (option.state !== undefined) result.State = option.state;
  return result;
}

function castOf(col: DataverseColumn): AttributeCast | undefined {
  switch (col.attributeType) {
    case 'Lookup':
    case 'Owner':
    case 'Customer':
      return 'Lookup';
    case 'String':
    case 'Memo':
    case 'Decimal':
    case 'Money':
    case 'Double':
    case 'DateTime':
    case 'Picklist':
    case 'State':
    case 'Status':
      return col.attributeType;
    default:
      return undefined;
  }
}

/** The metadata class name (`LookupAttributeMetadata`), which is also what a cast segment matches. */
export function metadataClassOf(col: DataverseColumn): string {
  const cast = castOf(col);
  if (cast) return `${cast}AttributeMetadata`;
  // The SDK spells this class with a capital I, unlike the AttributeType value.
  if (col.attributeType === 'Uniqueidentifier') return 'UniqueIdentifierAttributeMetadata';
  return `${col.attributeType}AttributeMetadata`;
}
