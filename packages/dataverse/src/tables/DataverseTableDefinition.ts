import type { FieldDefinition, OptionValue, TableDefinition } from '@tandem/core';

/** Dataverse `AttributeType` values (the `AttributeTypeCode` enum) the connector knows how to read and write. */
export type DataverseAttributeType =
  | 'String'
  | 'Memo'
  | 'Integer'
  | 'BigInt'
  | 'Decimal'
  | 'Money'
  | 'Double'
  | 'Boolean'
  | 'DateTime'
  | 'Uniqueidentifier'
  | 'Lookup'
  | 'Owner'
  | 'Customer'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'EntityName';

/** `OwnershipType` of an entity: decides whether rows carry `ownerid` and the owning* lookups. */
export type DataverseOwnership = 'UserOwned' | 'OrganizationOwned' | 'BusinessOwned' | 'None';

/** `RequiredLevel.Value`. Only `SystemRequired` is enforced by the server; `ApplicationRequired` is a form rule. */
export type DataverseRequiredLevel = 'None' | 'SystemRequired' | 'ApplicationRequired' | 'Recommended';

/** `DateTimeAttributeMetadata.DateTimeBehavior`: how the server converts the value between time zones. */
export type DataverseDateTimeBehavior = 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';

/** `DateTimeAttributeMetadata.Format`. */
export type DataverseDateTimeFormat = 'DateOnly' | 'DateAndTime';

/** One value of a Picklist, State or Status column. */
export interface DataverseOptionValue extends OptionValue {
  /** State options only: the status a row takes when only `statecode` is written. */
  defaultStatus?: number;
  /** Status options only: the state this status belongs to. */
  state?: number;
}

/** One table a lookup may point at, and how to bind it on write. */
export interface DataverseLookupTarget {
  /** Logical name of the referenced table (`account`, `systemuser`, `team`, …). */
  table: string;
  /**
   * Single-valued navigation property to write as `<navigationProperty>@odata.bind` when pointing at this table.
   * Ordinary lookups and Owner use the attribute name for every target (`ownerid` → `/systemusers(…)` or `/teams(…)`);
   * Customer and other polymorphic lookups use one property per target (`customerid_account`, `customerid_contact`).
   * Case-sensitive: the server rejects any other spelling.
   */
  navigationProperty: string;
}

/**
 * One column of a Dataverse table.
 *
 * Naming convention: `name` (the core field name, and the key of the row objects a store returns) is the name the
 * column has in Web API reads, `$select` and `$filter` — the logical name for ordinary columns, `_<attr>_value` for
 * Lookup, Customer and Owner columns (e.g. `_parentaccountid_value`, `_modifiedby_value`). `logicalName` is always the
 * attribute's logical name, which the metadata endpoints use. Writes of a lookup go through `targets[].navigationProperty`.
 */
export interface DataverseColumn extends FieldDefinition {
  /** Wire (read) name; see the interface comment. */
  name: string;
  /** Attribute logical name (`parentaccountid`, `name`). Equals `name` except for lookups. */
  logicalName: string;
  attributeType: DataverseAttributeType;
  requiredLevel: DataverseRequiredLevel;
  validForCreate: boolean;
  validForUpdate: boolean;
  validForRead: boolean;
  /** Decimal places of Decimal, Money and Double columns. */
  precision?: number;
  dateTimeBehavior?: DataverseDateTimeBehavior;
  dateTimeFormat?: DataverseDateTimeFormat;
  /** Picklist, State and Status values, ordered by value. */
  options?: DataverseOptionValue[];
  /** Lookup, Customer and Owner columns: every table the column may reference, in metadata order. */
  targets?: DataverseLookupTarget[];
}

/**
 * A Dataverse table as the Web API client, the `DataverseStore` and the emulator need it. The core fields are filled
 * as: `name` = logical name, `idField` = primary id attribute, `nameField` = primary name attribute,
 * `modifiedOnField` = `modifiedon`, `modifiedByField` = `_modifiedby_value`, `idGenerated` = false (a create may choose
 * the id, which idempotent creates rely on).
 */
export interface DataverseTableDefinition extends TableDefinition {
  logicalName: string;
  /** Collection segment in URLs: `/api/data/v9.2/<entitySetName>`. */
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  ownership: DataverseOwnership;
  /** Whether `Prefer: odata.track-changes` may be used on the collection. */
  changeTrackingEnabled: boolean;
  /** Keyed by column `name` (the wire read name). */
  fields: Record<string, DataverseColumn>;
}
