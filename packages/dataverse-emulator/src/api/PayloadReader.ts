import { ServiceError } from '../errors/ServiceError';
import type { EntityCatalog, EntityModel } from '../metadata/EntityModel';
import { isPolymorphic } from '../metadata/EntityModel';
import type { EmulatorDatabase } from '../storage/EmulatorDatabase';
import { targetColumnOf } from '../storage/SqlNames';
import type { StoredRow } from '../storage/TableStorage';
import { isGuid, toStorage } from '../storage/ValueCodec';
import { resolveEntityReference } from './EntityReference';

export type WriteMode = 'create' | 'update';

/** A request body turned into column values. */
export interface Payload {
  values: StoredRow;
  /** The primary id given in the body, if any. */
  id?: string;
}

/**
 * Reads a create/update body into stored column values: plain properties are type-checked and validated,
 * `<nav>@odata.bind` sets a lookup (`_x_value`, plus the target table of polymorphic lookups), instance annotations
 * are ignored. Properties that are not valid for the operation (computed or audit columns, create-only columns on
 * update) are ignored, as Dataverse does. Unknown properties are the OData payload error.
 */
export function readPayload(
  model: EntityModel,
  body: Record<string, unknown>,
  mode: WriteMode,
  catalog: EntityCatalog,
  database: EmulatorDatabase,
  contentIds: ReadonlyMap<string, string> | undefined,
): Payload {
  const payload: Payload = { values: {} };
  // `for…in` over own keys, in the order `Object.entries` gives (no [key, value] array made per property).
  for (const key in body) {
    if (!Object.hasOwn(body, key)) continue;
    const value = body[key];
    if (key.charCodeAt(0) === 64) continue; // '@': an instance annotation
    const at = key.indexOf('@');
    if (at > 0) {
      const property = key.slice(0, at);
      const annotation = key.slice(at + 1);
      if (annotation === 'odata.bind') bind(model, property, value, mode, payload, catalog, database, contentIds);
      else if (!model.byReadName.has(property) && !model.navigation.has(property)) throw undeclared(model, property);
      continue;
    }
    if (key === model.primaryId) {
      if (value === null || !isGuid(value)) {
        throw ServiceError.payload(model.entitySetName, `Cannot convert the literal '${String(value)}' to the expected type 'Edm.Guid'.`);
      }
      payload.id = value.toLowerCase();
      continue;
    }
    const column = model.byReadName.get(key);
    if (!column) {
      if (model.navigation.has(key)) throw ServiceError.notImplemented(`deep insert or update through '${key}'; use '${key}@odata.bind'`);
      throw ServiceError.payload(
        model.entitySetName,
        `The property '${key}' does not exist on type '${model.typeName}'. Make sure to only use property names that are defined by the type.`,
      );
    }
    if (column.targets) {
      throw ServiceError.payload(
        model.entitySetName,
        `The property '${key}' is a read-only lookup property; set it with '${column.targets[0]!.navigationProperty}@odata.bind'.`,
      );
    }
    const allowed = mode === 'create' ? column.validForCreate : column.validForUpdate;
    // statecode/statuscode: accepted on create too (Dataverse sets the state after creating the row).
    if (!allowed && !(mode === 'create' && (column.attributeType === 'State' || column.attributeType === 'Status'))) continue;
    payload.values[column.name] = toStorage(model, column, value);
  }
  return payload;
}

function bind(
  model: EntityModel,
  navigationName: string,
  value: unknown,
  mode: WriteMode,
  payload: Payload,
  catalog: EntityCatalog,
  database: EmulatorDatabase,
  contentIds: ReadonlyMap<string, string> | undefined,
): void {
  const navigation = model.navigation.get(navigationName);
  if (!navigation) throw undeclared(model, navigationName);
  const column = navigation.column;
  const allowed = mode === 'create' ? column.validForCreate : column.validForUpdate;
  if (value === null) {
    if (!allowed) return;
    payload.values[column.name] = null;
    if (isPolymorphic(column)) payload.values[targetColumnOf(column.name)] = null;
    return;
  }
  if (typeof value !== 'string') {
    throw ServiceError.payload(model.entitySetName, `The value of '${navigationName}@odata.bind' must be a URL string.`);
  }
  const reference = resolveEntityReference(value, catalog, contentIds);
  if (!navigation.targets.includes(reference.logicalName)) {
    throw ServiceError.badQuery(
      `The navigation property '${navigationName}' of '${model.typeName}' cannot reference an entity of type 'Microsoft.Dynamics.CRM.${reference.logicalName}'.`,
    );
  }
  if (database.hasTable(reference.logicalName) && !database.table(reference.logicalName).exists(reference.id)) {
    throw ServiceError.notFound(reference.logicalName, reference.id);
  }
  if (!allowed) return;
  payload.values[column.name] = reference.id;
  if (isPolymorphic(column)) payload.values[targetColumnOf(column.name)] = reference.logicalName;
}

function undeclared(model: EntityModel, property: string): ServiceError {
  return ServiceError.payload(
    model.entitySetName,
    `An undeclared property '${property}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
  );
}
