import { PlatformErrorCodes, type DataverseColumn } from '@tandem/dataverse';
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import { isPolymorphic } from '../metadata/EntityModel';
import type { CallerContext } from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';
import { targetColumnOf } from '../storage/SqlNames';
import type { StoredRow } from '../storage/TableStorage';
import { toDataverseTimestamp } from '../storage/Timestamps';
import type { Payload } from './PayloadReader';
import { DocumentAmounts } from './DocumentAmounts';
import { SalesRules } from './SalesRules';

/** Auto-numbered columns and their prefixes (`ORD-01000-A1B2C3`), filled when a create leaves them empty. */
const AUTO_NUMBERS: Record<string, { column: string; prefix: string }> = {
  salesorder: { column: 'ordernumber', prefix: 'ORD' },
  invoice: { column: 'invoicenumber', prefix: 'INV' },
  quote: { column: 'quotenumber', prefix: 'QUO' },
  opportunity: { column: 'opportunitynumber', prefix: 'OPP' },
};

/** The columns of a table some write rules walk, found once per table instead of on every write. */
interface ColumnRoles {
  booleans: string[];
  /** Polymorphic lookups and the `EntityName` column that names their table. */
  typeCodes: { targetColumn: string; typeCode: string }[];
}

const COLUMN_ROLES = new WeakMap<EntityModel, ColumnRoles>();

function columnRolesOf(model: EntityModel): ColumnRoles {
  let roles = COLUMN_ROLES.get(model);
  if (roles) return roles;
  roles = { booleans: [], typeCodes: [] };
  for (const column of model.columns) {
    if (column.attributeType === 'Boolean') roles.booleans.push(column.name);
    if (!isPolymorphic(column) || column.attributeType !== 'Lookup' || !column.logicalName.endsWith('id')) continue;
    const typeCode = model.byReadName.get(`${column.logicalName.slice(0, -2)}typecode`);
    if (typeCode?.attributeType === 'EntityName') roles.typeCodes.push({ targetColumn: targetColumnOf(column.name), typeCode: typeCode.name });
  }
  COLUMN_ROLES.set(model, roles);
  return roles;
}

type ColumnOption = NonNullable<DataverseColumn['options']>[number];

/** The first option whose `key` is `value`: a loop, where `find` made a closure per write. */
function optionWhere(options: readonly ColumnOption[] | undefined, key: 'value' | 'state', value: unknown): ColumnOption | undefined {
  if (!options) return undefined;
  for (const option of options) if (option[key] === value) return option;
  return undefined;
}

/**
 * Applies creates, updates and deletes to storage with the server-side rules: audit stamps from the caller
 * (`createdon`, `modifiedon` with one-second resolution, `_createdby_value`, `_modifiedby_value`), a new
 * `versionnumber` per write (the ETag), the owner and owning* lookups, state/status defaults, computed `fullname`,
 * auto-numbers, two-option defaults, the type codes of polymorphic lookups, the Sales rules (`SalesRules`) and the
 * computed amounts of orders and invoices (`DocumentAmounts`).
 */
export class RecordWriter {
  private autoNumber = 1000;
  private stampSecond = Number.NaN;
  private stamp = '';
  private readonly rules: SalesRules;
  private readonly amounts: DocumentAmounts;

  constructor(private readonly context: EmulatorContext) {
    this.amounts = new DocumentAmounts(context);
    this.rules = new SalesRules(context, (model, id, values, caller) => this.create(model, { values, id }, caller));
  }

  create(model: EntityModel, payload: Payload, caller: CallerContext, urlId?: string): StoredRow {
    const storage = this.context.database.table(model.logicalName);
    if (payload.id && urlId && payload.id !== urlId) {
      throw ServiceError.badQuery(`The primary key '${model.primaryId}' in the body does not match the key in the URL.`);
    }
    const id = payload.id ?? urlId ?? randomUUID();
    if (storage.exists(id)) {
      throw ServiceError.duplicate('A record with matching key values already exists.');
    }
    const row: StoredRow = { ...payload.values, [model.primaryId]: id };
    const stamp = this.timestamp();
    this.setIfColumn(model, row, 'createdon', stamp);
    this.setIfColumn(model, row, 'modifiedon', stamp);
    this.setIfColumn(model, row, '_createdby_value', caller.userId);
    this.setIfColumn(model, row, '_modifiedby_value', caller.userId);
    this.setIfColumn(model, row, 'versionnumber', this.context.database.nextVersion());
    const owner = model.byReadName.get('_ownerid_value');
    if (owner && (row[owner.name] === undefined || row[owner.name] === null)) {
      row[owner.name] = caller.userId;
      if (isPolymorphic(owner)) row[targetColumnOf(owner.name)] = 'systemuser';
    }
    this.applyOwning(model, row);
    this.applyCreateState(model, row);
    this.applyComputed(model, row, row);
    this.applyBooleanDefaults(model, row);
    this.applyTypeCodes(model, row);
    this.rules.beforeCreate(model, row);
    this.amounts.applyToRow(model, row, row);
    const auto = AUTO_NUMBERS[model.logicalName];
    if (auto && model.byReadName.has(auto.column) && (row[auto.column] === undefined || row[auto.column] === null)) {
      row[auto.column] = `${auto.prefix}-${String(++this.autoNumber).padStart(5, '0')}-${randomUUID().slice(0, 6).toUpperCase()}`;
    }
    storage.insert(row);
    this.context.stats.rowsCreated++;
    this.rules.afterCreate(model, row, caller);
    this.amounts.refreshHeaderOf(model, row);
    // What was inserted is the row: nothing after the insert writes to it (the rules and amounts above touch other
    // rows only), so no second read. Columns it leaves out are NULL, which is how the serializer reads a missing key.
    return row;
  }

  update(model: EntityModel, existing: StoredRow, payload: Payload, caller: CallerContext): StoredRow {
    const storage = this.context.database.table(model.logicalName);
    const id = existing[model.primaryId] as string;
    if (payload.id && payload.id !== id) {
      throw ServiceError.badQuery(`The primary key '${model.primaryId}' cannot be changed.`);
    }
    const changes: StoredRow = { ...payload.values };
    this.applyUpdateState(model, existing, changes);
    this.setIfColumn(model, changes, 'modifiedon', this.timestamp());
    this.setIfColumn(model, changes, '_modifiedby_value', caller.userId);
    this.setIfColumn(model, changes, 'versionnumber', this.context.database.nextVersion());
    if (changes['_ownerid_value'] !== undefined) this.applyOwning(model, changes);
    this.applyComputed(model, { ...existing, ...changes }, changes);
    this.applyTypeCodes(model, changes);
    this.rules.beforeUpdate(model, existing, changes);
    this.amounts.applyToRow(model, { ...existing, ...changes }, changes);
    storage.update(id, changes);
    const merged = { ...existing, ...changes };
    this.amounts.refreshHeaderOf(model, merged);
    this.context.stats.rowsUpdated++;
    return merged;
  }

  /**
   * Deletes a row. Rows of parental relationships (a required lookup, e.g. order lines of an order) are deleted with
   * it; other lookups pointing at it are cleared.
   */
  delete(model: EntityModel, id: string, cascaded = false): void {
    const storage = this.context.database.table(model.logicalName);
    const existing = storage.get(id);
    if (existing && !cascaded) this.rules.beforeDelete(model, existing);
    if (!storage.delete(id)) throw ServiceError.notFound(model.logicalName, id);
    if (existing) this.amounts.refreshHeaderOf(model, existing);
    this.context.database.recordDeletion(model.logicalName, id, this.timestamp());
    this.context.stats.rowsDeleted++;
    for (const other of this.context.catalog.models) {
      for (const column of other.columns) {
        if (!column.targets?.some((target) => target.table === model.logicalName)) continue;
        const otherStorage = this.context.database.table(other.logicalName);
        for (const row of otherStorage.referencing(column.name, id)) {
          if (isPolymorphic(column) && row[targetColumnOf(column.name)] !== model.logicalName) continue;
          const otherId = row[other.primaryId] as string;
          if (column.requiredLevel === 'SystemRequired' && !column.readOnly && column.name !== '_ownerid_value') {
            this.delete(other, otherId, true);
          } else {
            const cleared: StoredRow = { [column.name]: null };
            if (isPolymorphic(column)) cleared[targetColumnOf(column.name)] = null;
            otherStorage.update(otherId, cleared);
          }
        }
      }
    }
  }

  /** Two-option columns a create leaves out take their default, false for every shipped table (never null). */
  private applyBooleanDefaults(model: EntityModel, row: StoredRow): void {
    for (const name of columnRolesOf(model).booleans) {
      if (row[name] === undefined || row[name] === null) row[name] = 0;
    }
  }

  /**
   * The table-name column of a polymorphic lookup (`objectid` → `objecttypecode`, `regardingobjectid` →
   * `regardingobjecttypecode`) follows the bound table.
   */
  private applyTypeCodes(model: EntityModel, row: StoredRow): void {
    for (const { targetColumn, typeCode } of columnRolesOf(model).typeCodes) {
      const target = row[targetColumn];
      if (target !== undefined) row[typeCode] = target;
    }
  }

  /** Now, to the second; a batch of writes within one second formats it once. */
  private timestamp(): string {
    const second = Math.floor(this.context.now() / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = toDataverseTimestamp(new Date(second * 1000));
    }
    return this.stamp;
  }

  private setIfColumn(model: EntityModel, row: StoredRow, name: string, value: string | number): void {
    if (model.byReadName.has(name)) row[name] = value;
  }

  /** `_owninguser_value` / `_owningteam_value` follow the owner; `_owningbusinessunit_value` is the caller's unit. */
  private applyOwning(model: EntityModel, row: StoredRow): void {
    const ownerId = row['_ownerid_value'];
    if (ownerId === undefined) return;
    const ownerTable = row[targetColumnOf('_ownerid_value')] ?? 'systemuser';
    if (model.byReadName.has('_owninguser_value')) row['_owninguser_value'] = ownerTable === 'systemuser' ? ownerId : null;
    if (model.byReadName.has('_owningteam_value')) row['_owningteam_value'] = ownerTable === 'team' ? ownerId : null;
    if (model.byReadName.has('_owningbusinessunit_value')) row['_owningbusinessunit_value'] = this.context.businessUnitId;
  }

  private applyCreateState(model: EntityModel, row: StoredRow): void {
    const state = model.byReadName.get('statecode');
    const status = model.byReadName.get('statuscode');
    if (state) {
      if (row['statecode'] === undefined || row['statecode'] === null) {
        const status = model.byReadName.get('statuscode');
        const givenStatus = row['statuscode'];
        const fromStatus = optionWhere(status?.options, 'value', givenStatus)?.state;
        row['statecode'] = fromStatus ?? this.initialState(model, state);
      }
    }
    if (status && (row['statuscode'] === undefined || row['statuscode'] === null)) {
      row['statuscode'] = this.defaultStatus(state, status, row['statecode'] as number | undefined);
    }
    this.checkStateStatus(model, state, status, row['statecode'], row['statuscode']);
  }

  private applyUpdateState(model: EntityModel, existing: StoredRow, changes: StoredRow): void {
    const state = model.byReadName.get('statecode');
    const status = model.byReadName.get('statuscode');
    if (!state || !status) return;
    const stateGiven = changes['statecode'] !== undefined;
    const statusGiven = changes['statuscode'] !== undefined;
    if (stateGiven && !statusGiven) changes['statuscode'] = this.defaultStatus(state, status, changes['statecode'] as number);
    if (statusGiven && !stateGiven) {
      const owningState = optionWhere(status.options, 'value', changes['statuscode'])?.state;
      if (owningState !== undefined && owningState !== existing['statecode']) changes['statecode'] = owningState;
    }
    this.checkStateStatus(model, state, status, changes['statecode'] ?? existing['statecode'], changes['statuscode'] ?? existing['statuscode']);
  }

  private initialState(model: EntityModel, state: DataverseColumn): number {
    const configured = this.context.initialStateCodes[model.logicalName];
    if (configured !== undefined && state.options?.some((option) => option.value === configured)) return configured;
    return state.options?.some((option) => option.value === 0) ? 0 : (state.options?.[0]?.value ?? 0);
  }

  private defaultStatus(state: DataverseColumn | undefined, status: DataverseColumn, stateValue: number | undefined): number | null {
    const fromState = optionWhere(state?.options, 'value', stateValue)?.defaultStatus;
    if (fromState !== undefined) return fromState;
    return optionWhere(status.options, 'state', stateValue)?.value ?? status.options?.[0]?.value ?? null;
  }

  private checkStateStatus(
    model: EntityModel,
    state: DataverseColumn | undefined,
    status: DataverseColumn | undefined,
    stateValue: unknown,
    statusValue: unknown,
  ): void {
    if (!state || !status || stateValue === null || statusValue === null) return;
    const owning = optionWhere(status.options, 'value', statusValue)?.state;
    if (owning !== undefined && owning !== stateValue) {
      throw new ServiceError(
        400,
        PlatformErrorCodes.InvalidOptionValue,
        `${String(statusValue)} is not a valid status code for state code ${model.logicalName}State.${state.options?.find((o) => o.value === stateValue)?.label ?? String(stateValue)} on ${model.logicalName}.`,
      );
    }
  }

  /** `fullname` of contacts and users is first name and last name, computed by the server. */
  private applyComputed(model: EntityModel, merged: StoredRow, target: StoredRow): void {
    const fullname = model.byReadName.get('fullname');
    if (fullname && fullname.readOnly && model.byReadName.has('firstname') && model.byReadName.has('lastname')) {
      const name = [merged['firstname'], merged['lastname']].filter((part) => typeof part === 'string' && part !== '').join(' ');
      target['fullname'] = name === '' ? null : name;
    }
  }
}
