import { CRM_NAMESPACE } from './EntityModel';

/** A metadata object with its EDM type: structural properties, and navigation properties returned only on `$expand`. */
export interface MetaNode {
  type: string;
  props: Record<string, unknown>;
  nav: Record<string, MetaNode | MetaNode[] | null>;
}

interface MetaType {
  base?: string;
  props: string[];
  nav: string[];
  /** Abstract types cannot be the target of a cast segment. */
  abstract?: boolean;
}

const ATTRIBUTE_PROPS = [
  'MetadataId', 'HasChanged', 'AttributeOf', 'AttributeType', 'AttributeTypeName', 'ColumnNumber', 'Description',
  'DisplayName', 'DeprecatedVersion', 'IntroducedVersion', 'EntityLogicalName', 'ExternalName', 'IsAuditEnabled',
  'IsCustomAttribute', 'IsCustomizable', 'IsDataSourceSecret', 'IsFilterable', 'IsLogical', 'IsManaged',
  'IsPrimaryId', 'IsPrimaryName', 'IsRenameable', 'IsRequiredForForm', 'IsRetrievable', 'IsSearchable', 'IsSecured',
  'IsValidForAdvancedFind', 'IsValidForCreate', 'IsValidForForm', 'IsValidForGrid', 'IsValidForRead',
  'IsValidForUpdate', 'IsValidODataAttribute', 'LinkedAttributeId', 'LogicalName', 'RequiredLevel', 'SchemaName',
  'SourceType', 'CanBeSecuredForCreate', 'CanBeSecuredForRead', 'CanBeSecuredForUpdate', 'CanModifyAdditionalSettings',
];

/** The metadata EDM types the emulator serves, as in `$metadata` of the real service (property subset). */
const TYPES: Record<string, MetaType> = {
  EntityMetadata: {
    props: [
      'MetadataId', 'HasChanged', 'ActivityTypeMask', 'AutoRouteToOwnerQueue', 'CanTriggerWorkflow', 'ChangeTrackingEnabled',
      'CanChangeTrackingBeEnabled', 'CollectionSchemaName', 'Description', 'DisplayCollectionName', 'DisplayName',
      'EntitySetName', 'ExternalCollectionName', 'ExternalName', 'HasActivities', 'HasFeedback', 'HasNotes',
      'IntroducedVersion', 'IsActivity', 'IsActivityParty', 'IsAuditEnabled', 'IsAvailableOffline', 'IsChildEntity',
      'IsCustomEntity', 'IsCustomizable', 'IsIntersect', 'IsLogicalEntity', 'IsManaged', 'IsOptimisticConcurrencyEnabled',
      'IsPrivate', 'IsValidForAdvancedFind', 'IsValidForQueue', 'LogicalCollectionName', 'LogicalName', 'ObjectTypeCode',
      'OwnershipType', 'PrimaryIdAttribute', 'PrimaryImageAttribute', 'PrimaryNameAttribute', 'SchemaName', 'TableType',
    ],
    nav: ['Attributes', 'Keys', 'ManyToOneRelationships', 'OneToManyRelationships', 'ManyToManyRelationships'],
  },
  AttributeMetadata: { props: ATTRIBUTE_PROPS, nav: [] },
  StringAttributeMetadata: {
    base: 'AttributeMetadata',
    props: ['MaxLength', 'DatabaseLength', 'Format', 'FormatName', 'ImeMode', 'IsLocalizable', 'YomiOf', 'FormulaDefinition'],
    nav: [],
  },
  MemoAttributeMetadata: { base: 'AttributeMetadata', props: ['MaxLength', 'DatabaseLength', 'Format', 'FormatName', 'ImeMode', 'IsLocalizable'], nav: [] },
  IntegerAttributeMetadata: { base: 'AttributeMetadata', props: ['Format', 'MaxValue', 'MinValue', 'FormulaDefinition'], nav: [] },
  BigIntAttributeMetadata: { base: 'AttributeMetadata', props: ['MaxValue', 'MinValue'], nav: [] },
  DecimalAttributeMetadata: { base: 'AttributeMetadata', props: ['ImeMode', 'MaxValue', 'MinValue', 'Precision', 'FormulaDefinition'], nav: [] },
  DoubleAttributeMetadata: { base: 'AttributeMetadata', props: ['ImeMode', 'MaxValue', 'MinValue', 'Precision'], nav: [] },
  MoneyAttributeMetadata: {
    base: 'AttributeMetadata',
    props: ['CalculationOf', 'ImeMode', 'IsBaseCurrency', 'MaxValue', 'MinValue', 'Precision', 'PrecisionSource', 'FormulaDefinition'],
    nav: [],
  },
  DateTimeAttributeMetadata: {
    base: 'AttributeMetadata',
    props: ['CanChangeDateTimeBehavior', 'DateTimeBehavior', 'Format', 'ImeMode', 'MaxSupportedValue', 'MinSupportedValue', 'FormulaDefinition'],
    nav: [],
  },
  LookupAttributeMetadata: { base: 'AttributeMetadata', props: ['Format', 'Targets'], nav: [] },
  UniqueIdentifierAttributeMetadata: { base: 'AttributeMetadata', props: [], nav: [] },
  EntityNameAttributeMetadata: { base: 'AttributeMetadata', props: ['IsEntityReferenceStored'], nav: [] },
  EnumAttributeMetadata: { base: 'AttributeMetadata', props: ['DefaultFormValue'], nav: ['OptionSet', 'GlobalOptionSet'], abstract: true },
  PicklistAttributeMetadata: { base: 'EnumAttributeMetadata', props: ['FormulaDefinition', 'ParentPicklistLogicalName', 'ChildPicklistLogicalNames'], nav: [] },
  StateAttributeMetadata: { base: 'EnumAttributeMetadata', props: [], nav: [] },
  StatusAttributeMetadata: { base: 'EnumAttributeMetadata', props: [], nav: [] },
  BooleanAttributeMetadata: { base: 'AttributeMetadata', props: ['DefaultValue', 'FormulaDefinition'], nav: ['OptionSet', 'GlobalOptionSet'] },
  OptionSetMetadataBase: {
    props: ['MetadataId', 'HasChanged', 'Description', 'DisplayName', 'IntroducedVersion', 'IsCustomOptionSet', 'IsCustomizable', 'IsGlobal', 'IsManaged', 'Name', 'ExternalTypeName', 'OptionSetType'],
    nav: [],
    abstract: true,
  },
  OptionSetMetadata: { base: 'OptionSetMetadataBase', props: ['Options', 'ParentOptionSetName'], nav: [] },
  BooleanOptionSetMetadata: { base: 'OptionSetMetadataBase', props: ['TrueOption', 'FalseOption'], nav: [] },
  OneToManyRelationshipMetadata: {
    props: [
      'MetadataId', 'HasChanged', 'IsCustomRelationship', 'IsCustomizable', 'IsValidForAdvancedFind', 'SchemaName',
      'SecurityTypes', 'IsManaged', 'RelationshipType', 'IntroducedVersion', 'AssociatedMenuConfiguration',
      'CascadeConfiguration', 'ReferencedAttribute', 'ReferencedEntity', 'ReferencingAttribute', 'ReferencingEntity',
      'IsHierarchical', 'ReferencedEntityNavigationPropertyName', 'ReferencingEntityNavigationPropertyName', 'RelationshipBehavior',
    ],
    nav: [],
  },
  ManyToManyRelationshipMetadata: {
    props: ['MetadataId', 'SchemaName', 'Entity1LogicalName', 'Entity2LogicalName', 'IntersectEntityName', 'RelationshipType'],
    nav: [],
  },
  EntityKeyMetadata: {
    props: ['MetadataId', 'HasChanged', 'DisplayName', 'EntityKeyIndexStatus', 'EntityLogicalName', 'IsCustomizable', 'IsManaged', 'KeyAttributes', 'LogicalName', 'SchemaName'],
    nav: [],
  },
};

export function isMetaType(name: string): boolean {
  return Object.hasOwn(TYPES, name);
}

export function isAbstractType(name: string): boolean {
  return TYPES[name]?.abstract === true;
}

/** Whether `type` is `ancestor` or derives from it. */
export function derivesFrom(type: string, ancestor: string): boolean {
  for (let current: string | undefined = type; current; current = TYPES[current]?.base) if (current === ancestor) return true;
  return false;
}

export function propertiesOf(type: string): Set<string> {
  const result = new Set<string>();
  for (let current: string | undefined = type; current; current = TYPES[current]?.base) for (const p of TYPES[current]!.props) result.add(p);
  return result;
}

export function navigationOf(type: string): Set<string> {
  const result = new Set<string>();
  for (let current: string | undefined = type; current; current = TYPES[current]?.base) for (const p of TYPES[current]!.nav) result.add(p);
  return result;
}

export function qualified(type: string): string {
  return `${CRM_NAMESPACE}.${type}`;
}
