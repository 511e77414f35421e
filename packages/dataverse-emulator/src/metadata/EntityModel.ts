import type { DataverseColumn, DataverseTableDefinition } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';

/** The Dataverse namespace of entity types in `$metadata` and in error messages. */
export const CRM_NAMESPACE = 'Microsoft.Dynamics.CRM';

/** One single-valued navigation property of a table: a lookup written as `<name>@odata.bind`. */
export interface NavigationModel {
  name: string;
  column: DataverseColumn;
  /** The logical names the navigation property may point at (`ownerid` → systemuser and team). */
  targets: string[];
}

/** What the emulator needs to know about one served table, derived once from its `DataverseTableDefinition`. */
export interface EntityModel {
  definition: DataverseTableDefinition;
  logicalName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  /** `Microsoft.Dynamics.CRM.account`. */
  typeName: string;
  /** Columns in definition order. */
  columns: DataverseColumn[];
  /** By wire (read) name: `name`, `_parentaccountid_value`. */
  byReadName: Map<string, DataverseColumn>;
  /** By attribute logical name: `name`, `parentaccountid`. */
  byLogicalName: Map<string, DataverseColumn>;
  /** Single-valued navigation properties, case-sensitive. */
  navigation: Map<string, NavigationModel>;
  objectTypeCode: number;
}

/** Well-known object type codes of the standard tables; other tables get 10000 + their position. */
const OBJECT_TYPE_CODES: Record<string, number> = {
  account: 1,
  contact: 2,
  opportunity: 3,
  annotation: 5,
  systemuser: 8,
  team: 9,
  businessunit: 10,
  pricelevel: 1022,
  product: 1024,
  productpricelevel: 1026,
  uom: 1055,
  uomschedule: 1056,
  incident: 112,
  quote: 1084,
  quotedetail: 1085,
  salesorder: 1088,
  salesorderdetail: 1089,
  invoice: 1090,
  invoicedetail: 1091,
  post: 8000,
  transactioncurrency: 9105,
};

export function buildEntityModel(definition: DataverseTableDefinition, position: number): EntityModel {
  const columns = Object.values(definition.fields);
  const byReadName = new Map<string, DataverseColumn>();
  const byLogicalName = new Map<string, DataverseColumn>();
  const navigation = new Map<string, NavigationModel>();
  for (const column of columns) {
    byReadName.set(column.name, column);
    byLogicalName.set(column.logicalName, column);
    for (const target of column.targets ?? []) {
      const existing = navigation.get(target.navigationProperty);
      if (existing) existing.targets.push(target.table);
      else navigation.set(target.navigationProperty, { name: target.navigationProperty, column, targets: [target.table] });
    }
  }
  return {
    definition,
    logicalName: definition.logicalName,
    entitySetName: definition.entitySetName,
    primaryId: definition.primaryIdAttribute,
    primaryName: definition.primaryNameAttribute,
    typeName: `${CRM_NAMESPACE}.${definition.logicalName}`,
    columns,
    byReadName,
    byLogicalName,
    navigation,
    objectTypeCode: OBJECT_TYPE_CODES[definition.logicalName] ?? 10000 + position,
  };
}

/** A lookup column stores which table it points at when it has more than one possible target. */
export function isPolymorphic(column: DataverseColumn): boolean {
  return (column.targets?.length ?? 0) > 1;
}

/** The served tables, by entity set and by logical name. */
export class EntityCatalog {
  readonly models: EntityModel[];
  private readonly bySet = new Map<string, EntityModel>();
  private readonly byLogical = new Map<string, EntityModel>();
  private readonly extraSets: Map<string, string>;

  /** `referencedSets`: entity sets of tables that lookups point at but that are not served (`team` → `teams`). */
  constructor(definitions: readonly DataverseTableDefinition[], referencedSets: Readonly<Record<string, string>> = {}) {
    this.models = definitions.map((definition, index) => buildEntityModel(definition, index));
    for (const model of this.models) {
      this.bySet.set(model.entitySetName, model);
      this.byLogical.set(model.logicalName, model);
    }
    this.extraSets = new Map(Object.entries(referencedSets));
  }

  findBySet(entitySet: string): EntityModel | undefined {
    return this.bySet.get(entitySet);
  }

  findByLogicalName(logicalName: string): EntityModel | undefined {
    return this.byLogical.get(logicalName);
  }

  bySetOrThrow(entitySet: string): EntityModel {
    const model = this.bySet.get(entitySet);
    if (!model) throw ServiceError.segmentNotFound(entitySet);
    return model;
  }

  /** The logical name behind an entity set, served or only referenced. */
  logicalNameOfSet(entitySet: string): string | undefined {
    const model = this.bySet.get(entitySet);
    if (model) return model.logicalName;
    for (const [logicalName, set] of this.extraSets) if (set === entitySet) return logicalName;
    return undefined;
  }

  /** The entity set of a table, served or only referenced. */
  entitySetOf(logicalName: string): string | undefined {
    return this.byLogical.get(logicalName)?.entitySetName ?? this.extraSets.get(logicalName);
  }
}
