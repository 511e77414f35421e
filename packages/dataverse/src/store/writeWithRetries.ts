import type { Row, WriteResult } from '@tandem/core';
import type { BatchOperationResult } from '../client/batchResults';
import type { DataverseClient } from '../client/DataverseClient';
import { backoffDelay, sleep } from '../client/retry';
import {
  DataverseConflictError,
  DataverseDuplicateRecordError,
  DataverseNotFoundError,
  DataverseThrottledError,
  DataverseValidationError,
} from '../errors/DataverseErrors';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import { chunk, mapConcurrent } from './mapConcurrent';
import { batchOperationOf, type PendingWrite } from './PendingWrite';
import { rowHoldsValues } from './rowMapping';

export interface WriteRetryOptions {
  client: DataverseClient;
  /** Operations per `$batch` request. */
  batchSize: number;
  /** `$batch` requests in flight at once. */
  concurrency: number;
  /** Sends of one operation at most. */
  maxAttempts: number;
  /** Reads rows back by id (for stamps missing from an answer, and to verify ambiguous updates). */
  readBack(ids: string[]): Promise<Row[]>;
}

/**
 * The retry state machine of `DataverseStore.write`: sends the pending writes in `$batch` rounds and fills
 * `results[pending.index]` for each. Per operation, after each round:
 * - success → its result (stamp from the answer, or read back when the answer had none);
 * - a create that met its own id (`DuplicateRecord`) → sent again as an update of that row ("success by upsert");
 * - throttled / transient (bounded by `maxAttempts`) → sent again after the longest wait of the round;
 * - `412` on an update that may already have been applied → verified by reading the row back;
 * - `404` on a delete that may already have been applied → done;
 * - anything else → that error.
 */
export async function writeWithRetries(
  table: DataverseTableDefinition,
  pendingWrites: PendingWrite[],
  results: (WriteResult | undefined)[],
  options: WriteRetryOptions,
): Promise<void> {
  const needStamp: PendingWrite[] = [];
  const toVerify: PendingWrite[] = [];
  let queue = pendingWrites;
  let round = 0;
  while (queue.length > 0) {
    round += 1;
    const next: PendingWrite[] = [];
    let wait = 0;
    const outcomes = await mapConcurrent(chunk(queue, options.batchSize), options.concurrency, async (part) => {
      try {
        return { part, results: await options.client.batch(part.map((p) => batchOperationOf(table, p)), { continueOnError: true }) };
      } catch (error) {
        return { part, error: asError(error) };
      }
    });
    for (const outcome of outcomes) {
      if (outcome.error) {
        for (const pending of outcome.part) results[pending.index] = { ref: pending.op.ref, ok: false, error: outcome.error };
        continue;
      }
      outcome.part.forEach((pending, k) => {
        const result = outcome.results![k]!;
        if (result.possiblyRepeated) pending.possiblyApplied = true;
        if (result.ok) {
          const done = success(table, pending, result);
          if (done) results[pending.index] = done;
          else needStamp.push(pending);
          return;
        }
        const error = result.error!;
        if (pending.op.kind === 'insert' && !pending.asUpdate && error instanceof DataverseDuplicateRecordError) {
          // The row with our id exists: we made it before (crash, lost answer). Write the values onto it instead.
          pending.asUpdate = true;
          next.push(pending);
          return;
        }
        if ((error.kind === 'throttled' || error.kind === 'transient') && pending.attempts < options.maxAttempts) {
          pending.attempts += 1;
          if (error.kind === 'transient') pending.possiblyApplied = true;
          const delay =
            error instanceof DataverseThrottledError && error.retryAfterMs !== undefined
              ? error.retryAfterMs
              : backoffDelay(pending.attempts, options.client.retryPolicy);
          wait = Math.max(wait, delay);
          next.push(pending);
          return;
        }
        if (error instanceof DataverseConflictError && !(error instanceof DataverseDuplicateRecordError) && pending.possiblyApplied && pending.op.kind === 'update') {
          toVerify.push(pending);
          return;
        }
        if (error instanceof DataverseNotFoundError && pending.possiblyApplied && pending.op.kind === 'delete') {
          results[pending.index] = { ref: pending.op.ref, ok: true, id: pending.id, modifiedOn: new Date() };
          return;
        }
        results[pending.index] = { ref: pending.op.ref, ok: false, error };
      });
    }
    queue = next;
    if (queue.length > 0 && wait > 0) await sleep(wait);
    if (round > options.maxAttempts * 3) break; // a safety net; attempts are bounded per operation above
  }
  for (const pending of queue) {
    results[pending.index] ??= { ref: pending.op.ref, ok: false, error: new DataverseValidationError('Write abandoned after too many rounds') };
  }
  await readBackStamps(table, needStamp, toVerify, results, options);
}

/** Rows whose answer lacked a representation, and updates to verify: read back in one go. */
async function readBackStamps(
  table: DataverseTableDefinition,
  needStamp: PendingWrite[],
  toVerify: PendingWrite[],
  results: (WriteResult | undefined)[],
  options: WriteRetryOptions,
): Promise<void> {
  const readBack = [...needStamp, ...toVerify];
  if (readBack.length === 0) return;
  let found: Row[] = [];
  let verify = toVerify;
  try {
    found = await options.readBack(readBack.map((p) => p.id));
  } catch (error) {
    // Reading back failed: creates and updates still succeeded (stamp = now); verifications fail with the error.
    for (const pending of toVerify) results[pending.index] = { ref: pending.op.ref, ok: false, error: asError(error) };
    verify = [];
  }
  const rows = new Map(found.map((row) => [row.id, row]));
  for (const pending of needStamp) {
    const row = rows.get(pending.id);
    results[pending.index] = {
      ref: pending.op.ref,
      ok: true,
      id: pending.id,
      modifiedOn: row?.modifiedOn ?? new Date(),
      ...(row?.etag ? { etag: row.etag } : {}),
    };
  }
  for (const pending of verify) {
    const row = rows.get(pending.id);
    if (row && pending.op.kind === 'update' && rowHoldsValues(table, row, pending.op.values)) {
      results[pending.index] = { ref: pending.op.ref, ok: true, id: row.id, modifiedOn: row.modifiedOn, ...(row.etag ? { etag: row.etag } : {}) };
    } else {
      results[pending.index] = {
        ref: pending.op.ref,
        ok: false,
        error: row
          ? new DataverseConflictError(`The ${table.name} row ${pending.id} was changed by someone else (etag mismatch)`, { status: 412 })
          : new DataverseNotFoundError(`The ${table.name} row ${pending.id} does not exist`, { status: 404 }),
      };
    }
  }
}

/** The result of a successful part, or undefined when the answer had no row to take the stamp from. */
function success(table: DataverseTableDefinition, pending: PendingWrite, result: BatchOperationResult): WriteResult | undefined {
  if (pending.op.kind === 'delete') return { ref: pending.op.ref, ok: true, id: pending.id, modifiedOn: new Date() };
  const modified = result.body?.[table.modifiedOnField];
  if (typeof modified !== 'string') return undefined;
  // The etag set, not spread in (`...(etag ? { etag } : {})`): one result per row written.
  const done: WriteResult = { ref: pending.op.ref, ok: true, id: pending.id, modifiedOn: new Date(modified) };
  if (result.etag) done.etag = result.etag;
  return done;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
