import type { AttributeCast } from './metadataJson';

/** `$select` of the table request; `MetadataId` comes back regardless. */
export const entitySelect = 'LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,OwnershipType,ChangeTrackingEnabled';
export const attributeSelect = 'LogicalName,AttributeType,AttributeOf,IsValidForCreate,IsValidForUpdate,IsValidForRead,RequiredLevel';
export const relationshipSelect = 'SchemaName,ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName';

// Type-specific properties can only be selected through a cast segment per attribute class.
const castQueries: Record<AttributeCast, string> = {
  String: '$select=LogicalName,MaxLength',
  Memo: '$select=LogicalName,MaxLength',
  Decimal: '$select=LogicalName,Precision',
  Money: '$select=LogicalName,Precision',
  Double: '$select=LogicalName,Precision',
  DateTime: '$select=LogicalName,Format,DateTimeBehavior',
  Lookup: '$select=LogicalName,Targets',
  Picklist: '$select=LogicalName&$expand=OptionSet($select=Options)',
  State: '$select=LogicalName&$expand=OptionSet($select=Options)',
  Status: '$select=LogicalName&$expand=OptionSet($select=Options)',
};

/** Logical names are identifiers; anything else would break out of the quoted key. */
function entityPath(logicalName: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(logicalName)) throw new Error(`'${logicalName}' is not a valid Dataverse logical name`);
  return `EntityDefinitions(LogicalName='${logicalName}')`;
}

/** Paths relative to the Web API root (`…/api/data/v9.2/`). */
export const metadataUrls = {
  entity: (logicalName: string): string =>
    `${entityPath(logicalName)}?$select=${entitySelect}&$expand=Attributes($select=${attributeSelect})`,
  cast: (logicalName: string, cast: AttributeCast): string =>
    `${entityPath(logicalName)}/Attributes/Microsoft.Dynamics.CRM.${cast}AttributeMetadata?${castQueries[cast]}`,
  manyToOneRelationships: (logicalName: string): string =>
    `${entityPath(logicalName)}/ManyToOneRelationships?$select=${relationshipSelect}`,
};
