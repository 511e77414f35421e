/**
 * The metadata responses the generator reads, as the Web API returns them (only the properties it selects). Every
 * property is optional or `unknown`-typed on purpose: the reader checks each one and names what is missing.
 */

/** `Label` of an option: the user's language first, then any localized label. */
export interface LabelJson {
  UserLocalizedLabel?: { Label?: string } | null;
  LocalizedLabels?: { Label?: string; LanguageCode?: number }[];
}

export interface OptionJson {
  Value?: number;
  Label?: LabelJson;
  /** State options: the default status. */
  DefaultStatus?: number;
  /** Status options: the owning state. */
  State?: number;
}

export interface OptionSetJson {
  Options?: OptionJson[];
}

/** One item of `EntityDefinitions(…)?$expand=Attributes(…)`. */
export interface AttributeJson {
  '@odata.type'?: string;
  LogicalName?: string;
  AttributeType?: string;
  AttributeOf?: string | null;
  IsValidForCreate?: boolean;
  IsValidForUpdate?: boolean;
  IsValidForRead?: boolean;
  RequiredLevel?: { Value?: string };
}

/** `EntityDefinitions(LogicalName='…')` with its attributes expanded. */
export interface EntityJson {
  LogicalName?: string;
  EntitySetName?: string;
  PrimaryIdAttribute?: string;
  PrimaryNameAttribute?: string;
  OwnershipType?: string;
  ChangeTrackingEnabled?: boolean;
  Attributes?: AttributeJson[];
}

/** One item of a cast query (`…/Attributes/Microsoft.Dynamics.CRM.<Kind>AttributeMetadata`). */
export interface AttributeCastJson {
  LogicalName?: string;
  MaxLength?: number | null;
  Precision?: number | null;
  Format?: string | null;
  DateTimeBehavior?: { Value?: string } | null;
  Targets?: string[];
  OptionSet?: OptionSetJson | null;
}

/** One item of `EntityDefinitions(LogicalName='…')/ManyToOneRelationships`. */
export interface ManyToOneRelationshipJson {
  SchemaName?: string;
  ReferencingAttribute?: string;
  ReferencedEntity?: string;
  ReferencingEntityNavigationPropertyName?: string;
}

/** The attribute classes the generator casts to, each read with its own query. */
export const attributeCasts = ['String', 'Memo', 'Decimal', 'Money', 'Double', 'DateTime', 'Lookup', 'Picklist', 'State', 'Status'] as const;
export type AttributeCast = (typeof attributeCasts)[number];

/** Everything the generator reads about one table. */
export interface TableMetadataJson {
  entity: EntityJson;
  casts: Record<AttributeCast, AttributeCastJson[]>;
  manyToOneRelationships: ManyToOneRelationshipJson[];
}
