import { randomUUID } from 'node:crypto';
import type { WriteOperation } from '@tandem/core';
import type { BatchOperation } from '../client/BatchRequest';
import { lowerCase } from '../client/lowerCase';
import { isGuid } from '../client/odataLiteral';
import { buildQueryString } from '../client/ODataQuery';
import { DataverseValidationError } from '../errors/DataverseErrors';
import type { DataverseColumn, DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { recordJsonFromValues, type RecordFromValuesOptions } from './rowMapping';

/** One operation of a `DataverseStore.write` call on its way to the service, with what its retries need. */
export interface PendingWrite {
  index: number;
  op: WriteOperation;
  /** The row id the operation targets (an insert's chosen id). */
  id: string;
  /** The JSON body's text (insert: with the id), made once: it is sent as it is by every attempt. */
  body?: string;
  /**
   * Insert only: the body to send when the create meets its own id (columns valid for update only). Made when first
   * needed (`batchOperationOf`): most creates never meet their own id. It cannot fail where the create body did not.
   */
  updateBody?: string;
  /** What making `updateBody` later needs. */
  context?: PrepareContext;
  /** An insert that met its own id: now sent as an update of that row. */
  asUpdate: boolean;
  attempts: number;
  /** An earlier send may have been applied although its answer was lost. */
  possiblyApplied: boolean;
}

export interface PrepareContext {
  /** The entity set of a table a lookup points at. */
  entitySetOf(logicalName: string): string;
  /** For polymorphic lookups written as bare GUIDs: the table that holds each id. */
  polymorphic: Map<string, string>;
}

/**
 * Validates an operation and builds its request bodies. An insert without an id gets a random one (its own retries
 * then stay safe); ids must be GUIDs.
 */
export function preparePendingWrite(table: DataverseTableDefinition, op: WriteOperation, index: number, context: PrepareContext): PendingWrite {
  if (op.kind === 'insert') {
    const fromValues = op.values[table.idField];
    const id = lowerCase(String(op.id ?? (typeof fromValues === 'string' && fromValues ? fromValues : randomUUID())));
    if (!isGuid(id)) throw new DataverseValidationError(`Insert "${op.ref}": the id "${id}" is not a GUID`);
    // The id last: `recordJsonFromValues` leaves the id column out.
    const body = recordJsonFromValues(table, op.values, bodyOptions(context, 'create'), { key: table.idField, value: id });
    return { index, op, id, body, context, asUpdate: false, attempts: 1, possiblyApplied: false };
  }
  if (!isGuid(op.id)) throw new DataverseValidationError(`${op.kind} "${op.ref}": the id "${op.id}" is not a GUID`);
  const id = lowerCase(op.id);
  if (op.kind === 'update') {
    const body = recordJsonFromValues(table, op.values, bodyOptions(context, 'update'));
    return { index, op, id, body, asUpdate: false, attempts: 1, possiblyApplied: false };
  }
  return { index, op, id, asUpdate: false, attempts: 1, possiblyApplied: false };
}

/** The body options of one write call's context per mode: made once per call, not per operation. */
const optionsOf = new WeakMap<PrepareContext, { create?: RecordFromValuesOptions; update?: RecordFromValuesOptions }>();

function bodyOptions(context: PrepareContext, mode: 'create' | 'update', skipInvalid = false): RecordFromValuesOptions {
  if (skipInvalid) return { mode, skipInvalid, entitySetOf: context.entitySetOf, targetOf: targetOfIn(context) };
  let byMode = optionsOf.get(context);
  if (!byMode) optionsOf.set(context, (byMode = {}));
  return (byMode[mode] ??= { mode, entitySetOf: context.entitySetOf, targetOf: targetOfIn(context) });
}

/** The polymorphic lookup targets known to a write call (an arrow made here is not wrapped by `__name`: see README). */
function targetOfIn(context: PrepareContext): RecordFromValuesOptions['targetOf'] {
  return (_column: DataverseColumn, id: string) => context.polymorphic.get(id);
}

/**
 * The `?$select=<id>,modifiedon` of a table's write parts, and the URL of its creates with it (the same for every
 * operation).
 */
const selects = new WeakMap<DataverseTableDefinition, { select: string; createUrl: string }>();

function selectOf(table: DataverseTableDefinition): { select: string; createUrl: string } {
  let urls = selects.get(table);
  if (urls === undefined) {
    const select = buildQueryString({ select: [table.idField, table.modifiedOnField] });
    selects.set(table, (urls = { select, createUrl: `${table.entitySetName}${select}` }));
  }
  return urls;
}

const REPRESENTATION: Readonly<Record<string, string>> = Object.freeze({ Prefer: 'return=representation' });

/**
 * The `$batch` part of a pending write. Creates and updates ask for `return=representation` with the id and
 * `modifiedon`, so the result carries the row's new stamp and etag.
 */
export function batchOperationOf(table: DataverseTableDefinition, pending: PendingWrite): BatchOperation {
  const { select, createUrl } = selectOf(table);
  const op = pending.op;
  if (op.kind === 'insert' && !pending.asUpdate) return { method: 'POST', url: createUrl, headers: REPRESENTATION, body: pending.body };
  if (op.kind === 'insert') {
    // The create met its own id: the same values as an update (create-only columns cannot be updated).
    pending.updateBody ??= recordJsonFromValues(table, op.values, bodyOptions(pending.context!, 'update', true));
    return {
      method: 'PATCH',
      url: `${table.entitySetName}(${pending.id})${select}`,
      headers: { ...REPRESENTATION, 'If-Match': '*' },
      body: pending.updateBody,
    };
  }
  if (op.kind === 'update') {
    return {
      method: 'PATCH',
      url: `${table.entitySetName}(${pending.id})${select}`,
      headers: { ...REPRESENTATION, 'If-Match': op.etag ?? '*' },
      body: pending.body,
    };
  }
  return { method: 'DELETE', url: `${table.entitySetName}(${pending.id})`, headers: op.etag ? { 'If-Match': op.etag } : {} };
}
