import { randomUUID } from 'node:crypto';
import type { WriteOperation } from '@tandem/core';
import type { BatchOperation } from '../client/BatchRequest';
import { isGuid } from '../client/odataLiteral';
import { buildQueryString } from '../client/ODataQuery';
import { DataverseValidationError } from '../errors/DataverseErrors';
import type { DataverseColumn, DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { recordFromValues } from './rowMapping';

/** One operation of a `DataverseStore.write` call on its way to the service, with what its retries need. */
export interface PendingWrite {
  index: number;
  op: WriteOperation;
  /** The row id the operation targets (an insert's chosen id). */
  id: string;
  /** The JSON body (insert: with the id). */
  body?: Record<string, unknown>;
  /** Insert only: the body to send when the create meets its own id (columns valid for update only). */
  updateBody?: Record<string, unknown>;
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
  const targetOf = (_column: DataverseColumn, id: string) => context.polymorphic.get(id);
  const entitySetOf = context.entitySetOf;
  if (op.kind === 'insert') {
    const fromValues = op.values[table.idField];
    const id = String(op.id ?? (typeof fromValues === 'string' && fromValues ? fromValues : randomUUID())).toLowerCase();
    if (!isGuid(id)) throw new DataverseValidationError(`Insert "${op.ref}": the id "${id}" is not a GUID`);
    const body = { ...recordFromValues(table, op.values, { mode: 'create', entitySetOf, targetOf }), [table.idField]: id };
    const updateBody = recordFromValues(table, op.values, { mode: 'update', skipInvalid: true, entitySetOf, targetOf });
    return { index, op, id, body, updateBody, asUpdate: false, attempts: 1, possiblyApplied: false };
  }
  if (!isGuid(op.id)) throw new DataverseValidationError(`${op.kind} "${op.ref}": the id "${op.id}" is not a GUID`);
  const id = op.id.toLowerCase();
  if (op.kind === 'update') {
    const body = recordFromValues(table, op.values, { mode: 'update', entitySetOf, targetOf });
    return { index, op, id, body, asUpdate: false, attempts: 1, possiblyApplied: false };
  }
  return { index, op, id, asUpdate: false, attempts: 1, possiblyApplied: false };
}

/**
 * The `$batch` part of a pending write. Creates and updates ask for `return=representation` with the id and
 * `modifiedon`, so the result carries the row's new stamp and etag.
 */
export function batchOperationOf(table: DataverseTableDefinition, pending: PendingWrite): BatchOperation {
  const select = buildQueryString({ select: [table.idField, table.modifiedOnField] });
  const representation = { Prefer: 'return=representation' };
  const op = pending.op;
  if (op.kind === 'insert' && !pending.asUpdate) {
    return { method: 'POST', url: `${table.entitySetName}${select}`, headers: representation, body: pending.body };
  }
  if (op.kind === 'insert') {
    // The create met its own id: the same values as an update (create-only columns cannot be updated).
    return {
      method: 'PATCH',
      url: `${table.entitySetName}(${pending.id})${select}`,
      headers: { ...representation, 'If-Match': '*' },
      body: pending.updateBody,
    };
  }
  if (op.kind === 'update') {
    return {
      method: 'PATCH',
      url: `${table.entitySetName}(${pending.id})${select}`,
      headers: { ...representation, 'If-Match': op.etag ?? '*' },
      body: pending.body,
    };
  }
  return { method: 'DELETE', url: `${table.entitySetName}(${pending.id})`, headers: op.etag ? { 'If-Match': op.etag } : {} };
}
