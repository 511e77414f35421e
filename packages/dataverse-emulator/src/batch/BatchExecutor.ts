import { ServiceError } from '../errors/ServiceError';
import { errorResponse, type ApiRequest, type ApiResponse } from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';
import { parsePreferences } from '../server/Preferences';
import { parseQueryString } from '../server/QueryString';
import { TextCache } from '../server/TextCache';
import { parseBatch, type BatchItem, type BatchOperation } from './BatchParser';
import { writeBatchResponse, type BatchPartResponse, type BatchResponseItem } from './BatchWriter';

/** Runs one request that did not come over HTTP (a batch part) through the normal router. */
export type Dispatch = (request: ApiRequest) => ApiResponse;

/** Thrown inside a change set's savepoint to roll it back, carrying the failing operation's response. */
class ChangeSetFailure extends Error {
  constructor(readonly part: BatchPartResponse) {
    super('change set failed');
  }
}

/**
 * Executes `POST $batch` (reference §7): operations run in order; each change set is atomic and is rolled back as a
 * whole when any of its operations fails; `$n` Content-ID references are replaced by the URL of the row created by
 * part `n` (in URLs and in `@odata.bind` / `@odata.id` values). Without `Prefer: odata.continue-on-error` the first
 * failure stops the batch and the answer is `400`; with it every item runs and the answer is `200`.
 *
 * A batch that writes runs in one SQLite transaction (`BEGIN IMMEDIATE` … `COMMIT`): committing once per operation
 * cost most of the emulator's time. Each change set is a savepoint inside it, and each operation outside a change set
 * is undone on its own (`ApiRouter.dispatch`, with a savepoint opened only when it needs one: `WriteScope`), so a
 * failing operation or change set is rolled back alone, exactly as
 * when each committed on its own: what a caller sees of rows, ids, ETags and stamps does not change. (An operation
 * inside a change set needs no savepoint: its failure rolls the whole change set back.) The only difference is when the file's
 * write lock is taken: once, before the first operation; a lock held by another process past `busyTimeoutMs` makes the
 * whole batch a `503` with nothing written.
 */
export class BatchExecutor {
  private readonly targets = new TextCache<PartTarget>();

  constructor(
    private readonly context: EmulatorContext,
    private readonly dispatch: Dispatch,
  ) {}

  execute(request: ApiRequest): ApiResponse {
    if (request.method !== 'POST') throw ServiceError.methodNotAllowed(request.method, '$batch');
    if (request.inBatch) throw ServiceError.badQuery('Batch requests cannot be nested.');
    const items = parseBatch(request.headers['content-type'], request.body);
    const continueOnError = parsePreferences(request.headers['prefer']).continueOnError;
    const writes = items.some((item) => item.kind === 'changeSet' || item.operation.method !== 'GET');
    const { responses, failed } = writes
      ? this.inOneTransaction(() => this.runItems(request, items, continueOnError))
      : this.runItems(request, items, continueOnError);
    const { contentType, body } = writeBatchResponse(responses);
    const status = failed && !continueOnError ? 400 : 200;
    return {
      status,
      headers: { 'Content-Type': contentType, 'OData-Version': '4.0', ...(continueOnError ? { 'Preference-Applied': 'odata.continue-on-error' } : {}) },
      body,
    };
  }

  /** Runs `work` in one write transaction; if it throws, the row counters go back to what was committed. */
  private inOneTransaction<T>(work: () => T): T {
    const stats = this.context.stats;
    const counters = { created: stats.rowsCreated, updated: stats.rowsUpdated, deleted: stats.rowsDeleted };
    try {
      return this.context.database.transaction(work);
    } catch (error) {
      stats.rowsCreated = counters.created;
      stats.rowsUpdated = counters.updated;
      stats.rowsDeleted = counters.deleted;
      throw error;
    }
  }

  private runItems(request: ApiRequest, items: BatchItem[], continueOnError: boolean): { responses: BatchResponseItem[]; failed: boolean } {
    const responses: BatchResponseItem[] = [];
    let failed = false;
    for (const item of items) {
      if (item.kind === 'operation') {
        const part = this.run(request, item.operation, undefined);
        responses.push({ kind: 'operation', part });
        if (part.response.status >= 400) failed = true;
      } else {
        const result = this.runChangeSet(request, item.operations);
        responses.push({ kind: 'changeSet', parts: result.parts });
        if (!result.ok) failed = true;
      }
      if (failed && !continueOnError) break;
    }
    return { responses, failed };
  }

  private runChangeSet(request: ApiRequest, operations: BatchOperation[]): { ok: boolean; parts: BatchPartResponse[] } {
    const stats = this.context.stats;
    const counters = { created: stats.rowsCreated, updated: stats.rowsUpdated, deleted: stats.rowsDeleted };
    const contentIds = new Map<string, string>();
    try {
      const parts = this.context.database.transaction(() =>
        operations.map((operation) => {
          const part = this.run(request, operation, contentIds);
          if (part.response.status >= 400) throw new ChangeSetFailure(part);
          const location = part.response.headers['OData-EntityId'] ?? part.response.headers['Location'];
          if (operation.contentId !== undefined && location) contentIds.set(operation.contentId, location);
          return part;
        }),
      );
      return { ok: true, parts };
    } catch (error) {
      if (!(error instanceof ChangeSetFailure)) throw error;
      stats.rowsCreated = counters.created;
      stats.rowsUpdated = counters.updated;
      stats.rowsDeleted = counters.deleted;
      return { ok: false, parts: [error.part] };
    }
  }

  private run(outer: ApiRequest, operation: BatchOperation, contentIds: Map<string, string> | undefined): BatchPartResponse {
    this.context.stats.batchOperations++;
    const part: BatchPartResponse = { response: { status: 500, headers: {} } };
    if (operation.contentId !== undefined) part.contentId = operation.contentId;
    try {
      part.response = this.dispatch(this.toRequest(outer, operation, contentIds));
    } catch (error) {
      if (error instanceof ServiceError) part.response = errorResponse(error);
      else throw error;
    }
    return part;
  }

  private toRequest(outer: ApiRequest, operation: BatchOperation, contentIds: Map<string, string> | undefined): ApiRequest {
    const target = this.targetOf(operation.url, contentIds);
    const request: ApiRequest = {
      method: operation.method,
      path: target.path,
      query: target.query,
      rawQuery: target.rawQuery,
      headers: operation.headers,
      body: operation.body,
      caller: outer.caller,
      origin: outer.origin,
      version: target.version ?? outer.version,
      inBatch: true,
    };
    if (contentIds) {
      request.contentIds = contentIds;
      request.inChangeSet = true;
    }
    return request;
  }

  /**
   * What a part's request-line URL names. The parts of a batch of writes repeat one URL
   * (`/api/data/v9.2/accounts?$select=accountid,modifiedon`): a short one is read once, and its answer shared — nothing
   * changes a request's path or query. A `$n` reference depends on the change set, a long URL (a `$filter` of names)
   * rarely comes twice: those are read each time.
   */
  private targetOf(url: string, contentIds: Map<string, string> | undefined): PartTarget {
    if (url.length > 256 || url.startsWith('$')) return readTarget(url, contentIds);
    let target = this.targets.peek(url);
    if (target === undefined) this.targets.set(url, (target = readTarget(url, contentIds)));
    return target;
  }
}

/** A part's resource: its percent-decoded path, query and the API version its URL names (none: the batch's). */
interface PartTarget {
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  version?: string;
}

function readTarget(operationUrl: string, contentIds: Map<string, string> | undefined): PartTarget {
  let url = operationUrl;
  const reference = /^\$(\w+)(.*)$/.exec(url);
  if (reference) {
    const target = contentIds?.get(reference[1]!);
    if (target === undefined) throw ServiceError.badQuery(`Content-ID Reference: '$${reference[1]}' does not exist in the batch context.`);
    url = `${target}${reference[2]}`;
  }
  url = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
  const versioned = /^\/?api\/data\/(v\d+\.\d+)\/?(.*)$/.exec(url);
  let version: string | undefined;
  if (versioned) {
    version = versioned[1]!;
    url = versioned[2]!;
  } else {
    url = url.replace(/^\//, '');
  }
  const question = url.indexOf('?');
  const rawPath = question < 0 ? url : url.slice(0, question);
  const rawQuery = question < 0 ? '' : url.slice(question + 1);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw ServiceError.badQuery(`The URL '${operationUrl}' is not valid.`);
  }
  const target: PartTarget = { path, rawQuery, query: parseQueryString(rawQuery) };
  if (version !== undefined) target.version = version;
  return target;
}
