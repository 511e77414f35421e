import { PlatformErrorCodes } from '@tandem/dataverse';
import { EntitySetHandler } from '../api/EntitySetHandler';
import { serviceDocument } from '../api/ServiceDocument';
import { whoAmI } from '../api/WhoAmI';
import { BatchExecutor } from '../batch/BatchExecutor';
import { ServiceError } from '../errors/ServiceError';
import { buildCsdlDocument } from '../metadata/CsdlDocument';
import { MetadataHandler } from '../metadata/MetadataHandler';
import { apiRoot, errorResponse, type ApiRequest, type ApiResponse } from './ApiMessages';
import type { EmulatorContext } from './EmulatorContext';
import { isDatabaseBusy } from '../storage/EmulatorDatabase';
import { parseResourcePath } from './ResourcePath';

/**
 * Maps a Web API request to its handler and turns thrown `ServiceError`s into Dataverse-shaped error responses.
 * Everything below is synchronous (better-sqlite3), so a change set is a real transaction and no request interleaves
 * with another one's writes.
 */
export class ApiRouter {
  readonly entities: EntitySetHandler;
  private readonly metadata: MetadataHandler;
  private readonly batch: BatchExecutor;
  private csdl?: { plain: string; annotated: string };

  constructor(private readonly context: EmulatorContext) {
    this.entities = new EntitySetHandler(context);
    this.metadata = new MetadataHandler(context.catalog);
    this.batch = new BatchExecutor(context, (request) => this.dispatch(request));
  }

  /**
   * Handles one request. A write that fails leaves nothing behind: it runs in its own transaction, or inside a
   * `$batch`'s transaction with a savepoint opened only before a write that needs one (`WriteScope`), and is rolled
   * back when the answer is an error. A part of a change set needs no
   * savepoint of its own: when it fails, the change set's savepoint rolls back it and everything before it (each
   * savepoint copies every page its operation changes, which cost a 1 000-create change set most of its time).
   */
  dispatch(request: ApiRequest): ApiResponse {
    if (request.method === 'GET' || request.path.startsWith('$batch') || request.inChangeSet) return this.guarded(request);
    const stats = this.context.stats;
    const created = stats.rowsCreated;
    const updated = stats.rowsUpdated;
    const deleted = stats.rowsDeleted;
    try {
      return this.context.database.operation(this.writeOrRollBack, request);
    } catch (error) {
      if (isDatabaseBusy(error)) return this.failure(error);
      if (!(error instanceof RollBack)) throw error;
      stats.rowsCreated = created;
      stats.rowsUpdated = updated;
      stats.rowsDeleted = deleted;
      return error.response;
    }
  }

  /** A write's answer; an error answer is thrown (`RollBack`) so that its writes are undone. Made once, not per call. */
  private readonly writeOrRollBack = (request: ApiRequest): ApiResponse => {
    const response = this.guarded(request);
    if (response.status >= 400) throw new RollBack(response);
    return response;
  };

  private guarded(request: ApiRequest): ApiResponse {
    try {
      return this.route(request);
    } catch (error) {
      return this.failure(error);
    }
  }

  /** A thrown error as the answer: its own for a `ServiceError`, `503` when the file stayed locked, else `500`. */
  private failure(error: unknown): ApiResponse {
    if (error instanceof ServiceError) return errorResponse(error);
    if (isDatabaseBusy(error)) return errorResponse(ServiceError.databaseBusy(this.context.database.busyTimeoutMs));
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse(new ServiceError(500, PlatformErrorCodes.Unexpected, `An unexpected error occurred in the emulator: ${message}`));
  }

  private route(request: ApiRequest): ApiResponse {
    const segments = parseResourcePath(request.path.replace(/\/+$/, ''));
    const head = segments[0];
    if (!head || (segments.length === 1 && head.name === '' && head.key === undefined)) {
      if (request.method !== 'GET') throw ServiceError.methodNotAllowed(request.method, 'the service document');
      return serviceDocument(request, this.context.catalog);
    }
    switch (head.name) {
      case '$metadata': {
        if (request.method !== 'GET') throw ServiceError.methodNotAllowed(request.method, '$metadata');
        const annotated = request.query.get('annotations') === 'true';
        this.csdl ??= { plain: buildCsdlDocument(this.context.catalog, false), annotated: buildCsdlDocument(this.context.catalog, true) };
        return { status: 200, headers: { 'Content-Type': 'application/xml', 'OData-Version': '4.0' }, body: annotated ? this.csdl.annotated : this.csdl.plain };
      }
      case '$batch':
        return this.batch.execute(request);
      case 'WhoAmI':
      case 'Microsoft.Dynamics.CRM.WhoAmI':
        if (request.method !== 'GET' || segments.length > 1 || (head.key !== undefined && head.key !== '')) {
          throw ServiceError.noResource(`${apiRoot(request)}/${request.path}`);
        }
        return whoAmI(request, this.context);
      case 'EntityDefinitions':
      case 'GlobalOptionSetDefinitions':
        return this.metadata.handle(request, segments);
      default: {
        const model = this.context.catalog.findBySet(head.name);
        if (!model) throw ServiceError.segmentNotFound(head.name);
        return this.entities.handle(request, model, segments);
      }
    }
  }
}

/** Thrown to roll back the transaction of a write that answered with an error. */
class RollBack extends Error {
  constructor(readonly response: ApiResponse) {
    super('rolled back');
  }
}
