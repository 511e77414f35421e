import type { DataverseColumn, DataverseOptionValue } from '@tandem/dataverse';
import type { EntityCatalog, EntityModel } from './EntityModel';
import { metadataId } from './MetadataIds';
import type { MetaNode } from './MetadataTypes';

/** `Label` complex value in the user's language (1033). */
export function label(text: string, ...idParts: string[]): Record<string, unknown> {
  const localized = { Label: text, LanguageCode: 1033, IsManaged: true, MetadataId: metadataId('label', ...idParts), HasChanged: null };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

function emptyLabel(): Record<string, unknown> {
  return { LocalizedLabels: [], UserLocalizedLabel: null };
}

function managed(value: unknown, name: string): Record<string, unknown> {
  return { Value: value, CanBeChanged: false, ManagedPropertyLogicalName: name };
}

/** `account` → `Account`, `salesorderdetail` → `Salesorderdetail`: the emulator's SchemaName (real ones are hand-cased). */
function schemaNameOf(logicalName: string): string {
  return logicalName.charAt(0).toUpperCase() + logicalName.slice(1);
}

/** The metadata class of a column, which is also the cast segment that selects it. */
export function attributeClassOf(column: DataverseColumn): string {
  switch (column.attributeType) {
    case 'Lookup':
    case 'Owner':
    case 'Customer':
      return 'LookupAttributeMetadata';
    case 'Uniqueidentifier':
      return 'UniqueIdentifierAttributeMetadata';
    default:
      return `${column.attributeType}AttributeMetadata`;
  }
}

/**
 * Builds `EntityDefinitions` metadata (EntityMetadata with Attributes, relationships and keys) from the served table
 * definitions, per reference §9: every value a definition holds (types, max lengths, precision, date-time format and
 * behavior, options with their state/default status, lookup targets and navigation properties, required level,
 * create/update/read validity, entity set, primary id and name, ownership, change tracking) comes back unchanged, so a
 * table generated from this metadata equals the shipped definition.
 */
export class EntityDefinitions {
  private readonly cache = new Map<string, MetaNode>();

  constructor(private readonly catalog: EntityCatalog) {}

  entities(): MetaNode[] {
    return this.catalog.models.map((model) => this.entity(model));
  }

  entity(model: EntityModel): MetaNode {
    const cached = this.cache.get(model.logicalName);
    if (cached) return cached;
    const name = model.logicalName;
    const display = schemaNameOf(name);
    const node: MetaNode = {
      type: 'EntityMetadata',
      props: {
        MetadataId: metadataId('entity', name),
        HasChanged: null,
        ActivityTypeMask: 0,
        AutoRouteToOwnerQueue: false,
        CanTriggerWorkflow: true,
        ChangeTrackingEnabled: model.definition.changeTrackingEnabled,
        CanChangeTrackingBeEnabled: managed(true, 'canchangetrackingbeenabled'),
        CollectionSchemaName: schemaNameOf(model.entitySetName),
        Description: label(display, name, 'description'),
        DisplayCollectionName: label(schemaNameOf(model.entitySetName), name, 'collection'),
        DisplayName: label(display, name, 'display'),
        EntitySetName: model.entitySetName,
        ExternalCollectionName: null,
        ExternalName: null,
        HasActivities: model.definition.ownership === 'UserOwned',
        HasFeedback: false,
        HasNotes: model.definition.ownership === 'UserOwned',
        IntroducedVersion: '5.0.0.0',
        IsActivity: false,
        IsActivityParty: false,
        IsAuditEnabled: managed(true, 'canmodifyauditsettings'),
        IsAvailableOffline: true,
        IsChildEntity: false,
        IsCustomEntity: false,
        IsCustomizable: managed(true, 'iscustomizable'),
        IsIntersect: false,
        IsLogicalEntity: false,
        IsManaged: true,
        IsOptimisticConcurrencyEnabled: model.byReadName.has('versionnumber'),
        IsPrivate: false,
        IsValidForAdvancedFind: true,
        IsValidForQueue: false,
        LogicalCollectionName: model.entitySetName,
        LogicalName: name,
        ObjectTypeCode: model.objectTypeCode,
        OwnershipType: model.definition.ownership,
        PrimaryIdAttribute: model.primaryId,
        PrimaryImageAttribute: null,
        PrimaryNameAttribute: model.primaryName,
        SchemaName: display,
        TableType: 'Standard',
      },
      nav: {},
    };
    node.nav['Attributes'] = model.columns.map((column, index) => this.attribute(model, column, index));
    node.nav['Keys'] = [];
    node.nav['ManyToOneRelationships'] = this.manyToOne(model);
    node.nav['OneToManyRelationships'] = this.oneToMany(model);
    node.nav['ManyToManyRelationships'] = [];
    this.cache.set(name, node);
    return node;
  }

  private attribute(model: EntityModel, column: DataverseColumn, index: number): MetaNode {
    const entity = model.logicalName;
    const name = column.logicalName;
    const type = attributeClassOf(column);
    const props: Record<string, unknown> = {
      MetadataId: metadataId('attribute', entity, name),
      HasChanged: null,
      AttributeOf: null,
      AttributeType: column.attributeType,
      AttributeTypeName: { Value: `${column.attributeType}Type` },
      ColumnNumber: index + 1,
      Description: emptyLabel(),
      DisplayName: label(name, entity, name),
      DeprecatedVersion: null,
      IntroducedVersion: '5.0.0.0',
      EntityLogicalName: entity,
      ExternalName: null,
      IsAuditEnabled: managed(true, 'canmodifyauditsettings'),
      IsCustomAttribute: false,
      IsCustomizable: managed(true, 'iscustomizable'),
      IsDataSourceSecret: false,
      IsFilterable: true,
      IsLogical: false,
      IsManaged: true,
      IsPrimaryId: name === model.primaryId,
      IsPrimaryName: name === model.primaryName,
      IsRenameable: managed(true, 'isrenameable'),
      IsRequiredForForm: false,
      IsRetrievable: true,
      IsSearchable: true,
      IsSecured: false,
      IsValidForAdvancedFind: managed(true, 'canmodifysearchsettings'),
      IsValidForCreate: column.validForCreate,
      IsValidForForm: true,
      IsValidForGrid: true,
      IsValidForRead: column.validForRead,
      IsValidForUpdate: column.validForUpdate,
      IsValidODataAttribute: true,
      LinkedAttributeId: null,
      LogicalName: name,
      RequiredLevel: managed(column.requiredLevel, 'canmodifyrequirementlevelsettings'),
      SchemaName: schemaNameOf(name),
      SourceType: 0,
      CanBeSecuredForCreate: false,
      CanBeSecuredForRead: false,
      CanBeSecuredForUpdate: false,
      CanModifyAdditionalSettings: managed(true, 'canmodifyadditionalsettings'),
    };
    const nav: MetaNode['nav'] = {};
    switch (column.attributeType) {
      case 'String':
        Object.assign(props, {
          MaxLength: column.maxLength ?? null,
          DatabaseLength: column.maxLength === undefined ? null : column.maxLength * 2,
          Format: 'Text',
          FormatName: { Value: 'Text' },
          ImeMode: 'Auto',
          IsLocalizable: false,
          YomiOf: null,
          FormulaDefinition: null,
        });
        break;
      case 'Memo':
        Object.assign(props, {
          MaxLength: column.maxLength ?? null,
          DatabaseLength: column.maxLength === undefined ? null : column.maxLength * 2,
          Format: 'TextArea',
          FormatName: { Value: 'TextArea' },
          ImeMode: 'Auto',
          IsLocalizable: false,
        });
        break;
      case 'Integer':
        Object.assign(props, { Format: 'None', MaxValue: 2147483647, MinValue: -2147483648, FormulaDefinition: null });
        break;
      case 'BigInt':
        Object.assign(props, { MaxValue: Number.MAX_SAFE_INTEGER, MinValue: Number.MIN_SAFE_INTEGER });
        break;
      case 'Decimal':
        Object.assign(props, { ImeMode: 'Auto', MaxValue: 100000000000, MinValue: -100000000000, Precision: column.precision ?? null, FormulaDefinition: null });
        break;
      case 'Double':
        Object.assign(props, { ImeMode: 'Auto', MaxValue: 100000000000, MinValue: -100000000000, Precision: column.precision ?? null });
        break;
      case 'Money':
        Object.assign(props, {
          CalculationOf: null,
          ImeMode: 'Auto',
          IsBaseCurrency: name.endsWith('_base'),
          MaxValue: 922337203685477,
          MinValue: -922337203685477,
          Precision: column.precision ?? null,
          PrecisionSource: 2,
          FormulaDefinition: null,
        });
        break;
      case 'DateTime':
        Object.assign(props, {
          CanChangeDateTimeBehavior: managed(false, 'canchangedatetimebehavior'),
          DateTimeBehavior: column.dateTimeBehavior === undefined ? null : { Value: column.dateTimeBehavior },
          Format: column.dateTimeFormat ?? null,
          ImeMode: 'Auto',
          MaxSupportedValue: '9999-12-30T23:59:59Z',
          MinSupportedValue: '1753-01-01T00:00:00Z',
          FormulaDefinition: null,
        });
        break;
      case 'Lookup':
      case 'Owner':
      case 'Customer':
        Object.assign(props, { Format: 'None', Targets: (column.targets ?? []).map((target) => target.table) });
        break;
      case 'Picklist':
      case 'State':
      case 'Status':
        Object.assign(props, { DefaultFormValue: column.attributeType === 'Picklist' ? -1 : null });
        if (column.attributeType === 'Picklist') Object.assign(props, { FormulaDefinition: null, ParentPicklistLogicalName: null, ChildPicklistLogicalNames: [] });
        nav['OptionSet'] = this.optionSet(model, column);
        nav['GlobalOptionSet'] = null;
        break;
      case 'Boolean':
        Object.assign(props, { DefaultValue: false, FormulaDefinition: null });
        nav['OptionSet'] = this.booleanOptionSet(model, column);
        nav['GlobalOptionSet'] = null;
        break;
      case 'EntityName':
        Object.assign(props, { IsEntityReferenceStored: false });
        break;
      default:
        break;
    }
    return { type, props, nav };
  }

  private optionSet(model: EntityModel, column: DataverseColumn): MetaNode {
    const name = `${model.logicalName}_${column.logicalName}`;
    return {
      type: 'OptionSetMetadata',
      props: {
        ...this.optionSetHeader(model, column, column.attributeType),
        ParentOptionSetName: null,
        Options: (column.options ?? []).map((option) => this.option(name, column, option)),
      },
      nav: {},
    };
  }

  private booleanOptionSet(model: EntityModel, column: DataverseColumn): MetaNode {
    const name = `${model.logicalName}_${column.logicalName}`;
    return {
      type: 'BooleanOptionSetMetadata',
      props: {
        ...this.optionSetHeader(model, column, 'Boolean'),
        TrueOption: optionMetadata(name, 1, 'Yes'),
        FalseOption: optionMetadata(name, 0, 'No'),
      },
      nav: {},
    };
  }

  /** The properties every local option set shares, picklist or boolean. */
  private optionSetHeader(model: EntityModel, column: DataverseColumn, type: string): Record<string, unknown> {
    const name = `${model.logicalName}_${column.logicalName}`;
    return {
      MetadataId: metadataId('optionset', name),
      HasChanged: null,
      Description: emptyLabel(),
      DisplayName: label(column.logicalName, name),
      IntroducedVersion: '5.0.0.0',
      IsCustomOptionSet: false,
      IsCustomizable: managed(true, 'iscustomizable'),
      IsGlobal: false,
      IsManaged: true,
      Name: name,
      ExternalTypeName: null,
      OptionSetType: type,
    };
  }

  private option(optionSetName: string, column: DataverseColumn, option: DataverseOptionValue): Record<string, unknown> {
    const result = optionMetadata(optionSetName, option.value, option.label);
    if (column.attributeType === 'State') {
      result['DefaultStatus'] = option.defaultStatus ?? null;
      result['InvariantName'] = option.label;
    }
    if (column.attributeType === 'Status') {
      result['State'] = option.state ?? null;
      result['TransitionData'] = null;
    }
    return result;
  }

  /** One relationship per lookup target, named like the connector's generator expects (`<target>_<table>_<attr>`). */
  private relationship(referencing: EntityModel, column: DataverseColumn, target: { table: string; navigationProperty: string }): MetaNode {
    const schemaName = `${target.table}_${referencing.logicalName}_${column.logicalName}`;
    const referenced = this.catalog.findByLogicalName(target.table);
    return {
      type: 'OneToManyRelationshipMetadata',
      props: {
        MetadataId: metadataId('relationship', schemaName),
        HasChanged: null,
        IsCustomRelationship: false,
        IsCustomizable: managed(true, 'iscustomizable'),
        IsValidForAdvancedFind: true,
        SchemaName: schemaName,
        SecurityTypes: 'None',
        IsManaged: true,
        RelationshipType: 'OneToManyRelationship',
        IntroducedVersion: '5.0.0.0',
        AssociatedMenuConfiguration: { Behavior: 'UseCollectionName', Group: 'Details', Label: emptyLabel(), Order: 10000 },
        CascadeConfiguration: {
          Assign: 'NoCascade',
          Delete: column.requiredLevel === 'SystemRequired' && column.attributeType !== 'Owner' ? 'Cascade' : 'RemoveLink',
          Merge: 'NoCascade',
          Reparent: 'NoCascade',
          Share: 'NoCascade',
          Unshare: 'NoCascade',
          RollupView: 'NoCascade',
        },
        ReferencedAttribute: referenced?.primaryId ?? `${target.table}id`,
        ReferencedEntity: target.table,
        ReferencingAttribute: column.logicalName,
        ReferencingEntity: referencing.logicalName,
        IsHierarchical: false,
        ReferencedEntityNavigationPropertyName: schemaName,
        ReferencingEntityNavigationPropertyName: target.navigationProperty,
        RelationshipBehavior: 0,
      },
      nav: {},
    };
  }

  private manyToOne(model: EntityModel): MetaNode[] {
    return model.columns.flatMap((column) => (column.targets ?? []).map((target) => this.relationship(model, column, target)));
  }

  private oneToMany(model: EntityModel): MetaNode[] {
    return this.catalog.models.flatMap((other) =>
      other.columns.flatMap((column) =>
        (column.targets ?? []).filter((target) => target.table === model.logicalName).map((target) => this.relationship(other, column, target)),
      ),
    );
  }
}

/** One option of an option set, as OptionMetadata. */
function optionMetadata(optionSetName: string, value: number, text: string): Record<string, unknown> {
  return {
    Value: value,
    Color: null,
    IsManaged: true,
    ExternalValue: null,
    ParentValues: [],
    Tag: null,
    IsHidden: false,
    MetadataId: null,
    HasChanged: null,
    Label: label(text, optionSetName, String(value)),
    Description: emptyLabel(),
  };
}
