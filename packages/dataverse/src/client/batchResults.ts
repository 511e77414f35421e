import { DataverseChangeSetAbortedError, DataverseRequestError, type DataverseError } from '../errors/DataverseErrors';
import { errorFromResponse } from '../errors/errorFromResponse';
import { isChangeSet, type BatchItem, type BatchOperation } from './BatchRequest';
import { parseBatchResponse, type BatchResponsePart } from './BatchResponseParser';
import { idFromEntityUrl } from './entityReference';
import type { DataverseResponse } from './RequestSender';
import { etagOf, idFromBody, parseJsonBody } from './responseBody';

/** The outcome of one operation of a `$batch`, in the order the operations were given. */
export interface BatchOperationResult {
  ok: boolean;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  bodyText: string;
  /** The parsed JSON body, when there is one. */
  body?: Record<string, unknown>;
  /** `OData-EntityId` (or `Location`) of a create or upsert. */
  entityId?: string;
  /** The GUID in `entityId`, or the body's id. */
  id?: string;
  etag?: string;
  /** The typed error of a failed operation. */
  error?: DataverseError;
  /** The batch was sent more than once after an ambiguous failure: this operation may have run twice. */
  possiblyRepeated: boolean;
}

export interface BatchOptions {
  /** `Prefer: odata.continue-on-error` (default true): a failed operation or change set does not stop the rest. */
  continueOnError?: boolean;
  /** Operations per `$batch` request (the service allows 1 000); larger inputs are sent as several batches. */
  maxOperationsPerBatch?: number;
}

/**
 * One result per operation of `items`, read from the `$batch` response: parts matched to change-set operations by
 * position or Content-ID, rolled-back operations as `DataverseChangeSetAbortedError`, operations the service never
 * reached as "not executed". A response that is not multipart is thrown (`responseError` for an error status).
 */
export function batchResults(
  items: readonly BatchItem[],
  contentIds: readonly (string[] | undefined)[],
  response: DataverseResponse,
  responseError: (response: DataverseResponse) => DataverseError,
): BatchOperationResult[] {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!/multipart\/mixed/i.test(contentType)) {
    if (response.status >= 400) throw responseError(response);
    throw new DataverseRequestError(`The $batch response is not multipart (HTTP ${response.status}, ${contentType || 'no content type'})`, {
      status: response.status,
    });
  }
  let entries;
  try {
    entries = parseBatchResponse(contentType, response.text);
  } catch (error) {
    throw new DataverseRequestError(`Unreadable $batch response: ${error instanceof Error ? error.message : String(error)}`, {
      status: response.status,
    });
  }
  const repeated = response.possiblyRepeated;
  const results: BatchOperationResult[] = [];
  let entryIndex = 0;
  items.forEach((item, itemIndex) => {
    const entry = entries[entryIndex++];
    if (!isChangeSet(item)) {
      const part = entry ? (entry.kind === 'response' ? entry.response : entry.responses[0]) : undefined;
      results.push(part ? batchResult(item, part, repeated) : notExecuted(repeated));
      return;
    }
    const ids = contentIds[itemIndex] ?? [];
    const responses = entry ? (entry.kind === 'changeSet' ? entry.responses : [entry.response]) : [];
    const positional = responses.length === item.changeSet.length && responses.every((r, k) => r.contentId === undefined || r.contentId === ids[k]);
    const failure = responses.find((r) => r.status >= 400);
    item.changeSet.forEach((operation, k) => {
      const part = positional ? responses[k] : responses.find((r) => r.contentId !== undefined && r.contentId === ids[k]);
      if (part) results.push(batchResult(operation, part, repeated));
      else if (!entry) results.push(notExecuted(repeated));
      else {
        const cause = failure ? partError(failure, operation) : undefined;
        results.push({
          ok: false,
          status: 0,
          headers: {},
          bodyText: '',
          possiblyRepeated: repeated,
          error: new DataverseChangeSetAbortedError(
            `Not applied: the change set was rolled back${cause ? ` because an operation failed: ${cause.message}` : ''}`,
            { cause },
          ),
        });
      }
    });
  });
  return results;
}

function batchResult(operation: BatchOperation, part: BatchResponsePart, possiblyRepeated: boolean): BatchOperationResult {
  const headers = part.headers;
  const body = parseJsonBody(part.bodyText) as Record<string, unknown> | undefined;
  const entityId = headers['odata-entityid'] ?? headers['location'];
  const ok = part.status >= 200 && part.status < 300;
  if (ok && body !== undefined && entityId) {
    // A write's usual answer, as one literal with every key: no property array grown behind a 4-key literal.
    const id = idFromEntityUrl(entityId) ?? idFromBody(body);
    const etag = etagOf(headers['etag'], body);
    return { ok, status: part.status, headers, bodyText: part.bodyText, body, entityId, id, etag, possiblyRepeated };
  }
  // Built by assignment in the order a spread would give (one result per operation of every batch).
  const result = { ok, status: part.status, headers, bodyText: part.bodyText } as BatchOperationResult;
  if (body !== undefined) result.body = body;
  if (entityId) result.entityId = entityId;
  if (ok) result.id = idFromEntityUrl(entityId) ?? idFromBody(body);
  result.etag = etagOf(headers['etag'], body);
  if (!ok) result.error = partError(part, operation);
  result.possiblyRepeated = possiblyRepeated;
  return result;
}

function partError(part: BatchResponsePart, operation: BatchOperation): DataverseError {
  const label = `${operation.method} ${operation.url.split('?')[0]} in $batch`;
  return errorFromResponse({ status: part.status, header: (name) => part.headers[name.toLowerCase()], bodyText: part.bodyText }, label);
}

function notExecuted(possiblyRepeated: boolean): BatchOperationResult {
  return {
    ok: false,
    status: 0,
    headers: {},
    bodyText: '',
    possiblyRepeated,
    error: new DataverseChangeSetAbortedError('Not executed: the batch stopped at an earlier failure'),
  };
}
