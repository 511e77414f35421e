import type { DataverseColumn, DataverseDateTimeBehavior, DataverseDateTimeFormat, DataverseOptionValue } from './DataverseTableDefinition';
import type { ColumnSpec } from './column';
import { column } from './column';
import { TableDefinitionError } from './errors';

/** Required level and create/update/read validity of a column; all optional, see `ColumnSpec` for defaults. */
export type ColumnFlags = Pick<ColumnSpec, 'requiredLevel' | 'validForCreate' | 'validForUpdate' | 'validForRead'>;

/** Set by the server only (computed totals, audit stamps). */
export const readOnly: ColumnFlags = { validForCreate: false, validForUpdate: false };
/** Can be set when the row is created, never changed afterwards. */
export const createOnly: ColumnFlags = { validForUpdate: false };
export const applicationRequired: ColumnFlags = { requiredLevel: 'ApplicationRequired' };
export const systemRequired: ColumnFlags = { requiredLevel: 'SystemRequired' };

export function primaryKey(logicalName: string): DataverseColumn {
  // A create may choose the id (idempotent creates rely on it); it never changes afterwards.
  return column({ logicalName, attributeType: 'Uniqueidentifier', ...systemRequired, ...createOnly });
}

export function uniqueidentifier(logicalName: string, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Uniqueidentifier', ...flags });
}

export function text(logicalName: string, maxLength: number, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'String', maxLength, ...flags });
}

export function memo(logicalName: string, maxLength: number, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Memo', maxLength, ...flags });
}

export function integer(logicalName: string, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Integer', ...flags });
}

export function bigInt(logicalName: string, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'BigInt', ...flags });
}

export function decimal(logicalName: string, precision: number, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Decimal', precision, ...flags });
}

export function double(logicalName: string, precision: number, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Double', precision, ...flags });
}

export function money(logicalName: string, precision: number, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Money', precision, ...flags });
}

/** A money column and its read-only `<name>_base` companion in the organization's base currency. */
export function moneyWithBase(logicalName: string, precision: number, flags: ColumnFlags = {}): DataverseColumn[] {
  return [money(logicalName, precision, flags), money(`${logicalName}_base`, precision, readOnly)];
}

export function boolean(logicalName: string, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Boolean', ...flags });
}

export interface DateTimeFlags extends ColumnFlags {
  /** Default `DateAndTime`. */
  format?: DataverseDateTimeFormat;
  /** Default `UserLocal`. */
  behavior?: DataverseDateTimeBehavior;
}

export function dateTime(logicalName: string, flags: DateTimeFlags = {}): DataverseColumn {
  const { format = 'DateAndTime', behavior = 'UserLocal', ...rest } = flags;
  return column({ logicalName, attributeType: 'DateTime', dateTimeFormat: format, dateTimeBehavior: behavior, ...rest });
}

/** The table-name column that tells which table a polymorphic lookup points at (`objecttypecode`). */
export function entityName(logicalName: string, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'EntityName', ...flags });
}

/** An ordinary single-target lookup; its navigation property is the attribute name. */
export function lookup(logicalName: string, target: string, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Lookup', targets: [{ table: target, navigationProperty: logicalName }], ...flags });
}

/** A polymorphic Lookup (note `objectid`): one `<attr>_<table>` navigation property per target. */
export function polymorphicLookup(logicalName: string, targets: readonly string[], flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Lookup', targets: perTargetNavigation(logicalName, targets), ...flags });
}

/** A Customer column (account | contact): one `<attr>_<table>` navigation property per target. */
export function customer(logicalName: string, targets: readonly string[] = ['account', 'contact'], flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Customer', targets: perTargetNavigation(logicalName, targets), ...flags });
}

/** `ownerid`: one navigation property `ownerid` for both targets; the bound entity set decides user or team. */
export function owner(): DataverseColumn {
  return column({
    logicalName: 'ownerid',
    attributeType: 'Owner',
    targets: [
      { table: 'systemuser', navigationProperty: 'ownerid' },
      { table: 'team', navigationProperty: 'ownerid' },
    ],
    ...systemRequired,
  });
}

/** Choice values written as `{ 1: 'Net 30', 2: '2% 10, Net 30' }`. */
export function picklist(logicalName: string, options: Readonly<Record<number, string>>, flags: ColumnFlags = {}): DataverseColumn {
  return column({ logicalName, attributeType: 'Picklist', options: toOptions(options), ...flags });
}

/** `statecode`: each state as `[value, label, defaultStatus]`. Not valid for create: rows start in their default state. */
export function stateCode(states: readonly (readonly [number, string, number])[]): DataverseColumn {
  const options: DataverseOptionValue[] = states.map(([value, label, defaultStatus]) => ({ value, label, defaultStatus }));
  return column({ logicalName: 'statecode', attributeType: 'State', options, ...systemRequired, validForCreate: false });
}

/** `statuscode`: each status as `[value, label, state]`. */
export function statusCode(statuses: readonly (readonly [number, string, number])[]): DataverseColumn {
  const options: DataverseOptionValue[] = statuses.map(([value, label, state]) => ({ value, label, state }));
  return column({ logicalName: 'statuscode', attributeType: 'Status', options });
}

/**
 * One state: its label and its statuses (`{ value: label }`). The row takes the state's lowest status when only
 * `statecode` is written, unless a third element names another of its statuses.
 */
export type StateSpec = readonly [label: string, statuses: Readonly<Record<number, string>>, defaultStatus?: number];

/**
 * `statecode` and `statuscode` from one list of states, each with its own statuses: written this way a status's state
 * and a state's default status cannot disagree, which the two separate lists of `stateCode`/`statusCode` allowed.
 *
 * ```ts
 * stateColumns({
 *   0: ['Open', { 1: 'In Progress', 2: 'On Hold' }],
 *   1: ['Won', { 3: 'Won' }],
 * })
 * ```
 */
export function stateColumns(states: Readonly<Record<number, StateSpec>>): DataverseColumn[] {
  const stateRows: [number, string, number][] = [];
  const statusRows: [number, string, number][] = [];
  const stateOfStatus = new Map<number, number>();
  for (const [key, [label, statuses, explicitDefault]] of Object.entries(states)) {
    const state = Number(key);
    const values = Object.keys(statuses).map(Number);
    if (values.length === 0) throw new TableDefinitionError(`statecode: state ${state} '${label}' has no status; give it at least one`);
    for (const value of values) {
      const other = stateOfStatus.get(value);
      if (other !== undefined) throw new TableDefinitionError(`statuscode: status ${value} is listed under both state ${other} and state ${state}; a status belongs to one state`);
      stateOfStatus.set(value, state);
      statusRows.push([value, statuses[value]!, state]);
    }
    const defaultStatus = explicitDefault ?? Math.min(...values);
    if (!values.includes(defaultStatus)) {
      throw new TableDefinitionError(`statecode: state ${state} '${label}' defaults to status ${defaultStatus}, which is not one of its statuses (${values.join(', ')})`);
    }
    stateRows.push([state, label, defaultStatus]);
  }
  return [stateCode(stateRows), statusCode(statusRows)];
}

/** The usual pair: 0 Active / 1 Inactive, with the given active and inactive status values. */
export function activeInactiveState(activeStatus = 1, inactiveStatus = 2): DataverseColumn[] {
  return stateColumns({
    0: ['Active', { [activeStatus]: 'Active' }],
    1: ['Inactive', { [inactiveStatus]: 'Inactive' }],
  });
}

function perTargetNavigation(logicalName: string, targets: readonly string[]): { table: string; navigationProperty: string }[] {
  return targets.map((table) => ({ table, navigationProperty: `${logicalName}_${table}` }));
}

function toOptions(options: Readonly<Record<number, string>>): DataverseOptionValue[] {
  return Object.entries(options).map(([value, label]) => ({ value: Number(value), label }));
}
