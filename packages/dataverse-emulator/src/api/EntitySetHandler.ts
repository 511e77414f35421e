import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import { isPolymorphic } from '../metadata/EntityModel';
import { parseQueryOptions, type QueryOptions } from '../odata/QueryOptions';
import { encodeSkipToken } from '../odata/SkipToken';
import {
  apiRoot,
  emptyResponse,
  jsonResponse,
  JSON_CONTENT_TYPE,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
} from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';
import { parsePreferences, type Preferences } from '../server/Preferences';
import { parseKey, type PathSegment } from '../server/ResourcePath';
import { TextCache } from '../server/TextCache';
import { targetColumnOf } from '../storage/SqlNames';
import type { StoredRow } from '../storage/TableStorage';
import { fromStorage, isGuid, toStorage } from '../storage/ValueCodec';
import { ChangeTracking } from './ChangeTracking';
import { compileCollectionQuery, MAX_PAGE_SIZE, positionOf, toTableQuery } from './CollectionQuery';
import { invalidKey } from './EntityReference';
import { LookupExpansion } from './LookupExpansion';
import { readPayload } from './PayloadReader';
import { readColumns } from './ReadColumns';
import { annotationChoice, anyAnnotation, etagOf, RecordSerializer, resolveSelect } from './RecordSerializer';
import { RecordWriter } from './RecordWriter';

/**
 * Requests on entity sets: collections (`GET` with query options and paging, `POST` create, `/$count`), single rows
 * (`GET`, `PATCH` update/upsert, `DELETE`, with `If-Match`/`If-None-Match`), single properties (`GET`/`PUT`/`DELETE`
 * `<set>(<id>)/<prop>`), related rows (`GET <set>(<id>)/<nav>`) and lookup references (`PUT`/`DELETE …/<nav>/$ref`).
 */
export class EntitySetHandler {
  readonly writer: RecordWriter;
  private readonly changeTracking: ChangeTracking;
  private readonly parsedQueries = new TextCache<QueryOptions>();
  /** `entityContext` by the `$select` list it was made for (lists are shared with the parsed query options). */
  private readonly entityContexts = new WeakMap<readonly string[], { root: string; model: EntityModel; text: string }>();

  constructor(private readonly context: EmulatorContext) {
    this.writer = new RecordWriter(context);
    this.changeTracking = new ChangeTracking(context);
  }

  handle(request: ApiRequest, model: EntityModel, segments: PathSegment[]): ApiResponse {
    const [head, second, third, ...rest] = segments;
    if (rest.length > 0) throw ServiceError.noResource(`${apiRoot(request)}/${request.path}`);
    if (head!.key === undefined) {
      if (!second) return this.collection(request, model);
      if (second.name === '$count' && !third && second.key === undefined) return this.count(request, model);
      throw ServiceError.segmentNotFound(second.name);
    }
    const id = this.keyToId(model, head!.key);
    if (!second) return this.single(request, model, id);
    if (third) {
      if (third.name === '$ref' && model.navigation.has(second.name)) return this.reference(request, model, id, second.name);
      throw ServiceError.segmentNotFound(third.name);
    }
    if (model.navigation.has(second.name)) return this.related(request, model, id, second.name);
    return this.property(request, model, id, second.name);
  }

  /** Read the key of `<set>(<key>)`: a GUID, or `<primaryid>=<guid>` (not for systemuser, whose CSDL key is `ownerid`). */
  private keyToId(model: EntityModel, raw: string): string {
    const key = parseKey(raw);
    let id: string | undefined;
    if (key.kind === 'single') id = key.value;
    else if (key.parts.size === 1 && key.parts.has(model.primaryId) && model.logicalName !== 'systemuser') {
      id = key.parts.get(model.primaryId);
    } else throw invalidKey(model.logicalName);
    if (!isGuid(id)) throw ServiceError.badQuery(`Bad Request - Error in query syntax: '${raw}' is not a valid Guid.`);
    return id.toLowerCase();
  }

  // ---- collections --------------------------------------------------------------------------------------------

  private collection(request: ApiRequest, model: EntityModel): ApiResponse {
    if (request.method === 'GET') return this.retrieveMultiple(request, model);
    if (request.method === 'POST') return this.create(request, model);
    throw ServiceError.methodNotAllowed(request.method, `the collection '${model.entitySetName}'`);
  }

  private retrieveMultiple(request: ApiRequest, model: EntityModel): ApiResponse {
    const options = this.queryOptions(request);
    const preferences = parsePreferences(request.headers['prefer']);
    const columns = resolveSelect(model, options.select);
    const tracking = options.deltaToken !== undefined || (preferences.trackChanges && options.skipToken === undefined) || isTrackingToken(options.skipToken);
    if (tracking) return this.changeTracking.read(request, model, options, preferences, columns);
    const compiled = compileCollectionQuery(model, options, preferences.maxPageSize, this.context.catalog, request.caller.userId);
    const storage = this.context.database.table(model.logicalName);
    const expansion = options.expand ? new LookupExpansion(this.context, model, options.expand) : undefined;
    const needed = readColumns(model, options.select, columns, [...compiled.keys.map((key) => key.column), ...(expansion?.columns() ?? [])]);
    const rows = storage.select(toTableQuery(compiled), needed);
    const more = compiled.pageable && rows.length > compiled.pageSize;
    if (more) rows.length = compiled.pageSize;
    const annotations = annotationChoice(preferences);
    const serializer = new RecordSerializer(this.context);
    const body: Record<string, unknown> = { '@odata.context': this.contextUrl(request, model, options.select, expansion) };
    const filterOnly = compiled.filter ? { where: compiled.filter.sql, params: compiled.filter.params } : {};
    if (options.count) body['@odata.count'] = storage.count(filterOnly, MAX_PAGE_SIZE);
    const wantsTotal = preferences.includeAnnotations?.some((p) => p === '*' || p.startsWith('Microsoft.Dynamics.CRM.total'));
    if (wantsTotal) {
      const total = options.count ? storage.count(filterOnly, MAX_PAGE_SIZE + 1) : -1;
      body['@Microsoft.Dynamics.CRM.totalrecordcount'] = total > MAX_PAGE_SIZE ? MAX_PAGE_SIZE : total;
      body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = total > MAX_PAGE_SIZE;
    }
    body['value'] = rows.map((row) => {
      const record = serializer.serialize(model, row, columns, annotations);
      expansion?.apply(request, row, record, annotations);
      return record;
    });
    if (more) {
      const last = rows[rows.length - 1]!;
      const token = encodeSkipToken({ page: (compiled.position?.page ?? 1) + 1, last: positionOf(compiled, last) });
      body['@odata.nextLink'] = this.nextLink(request, token);
    }
    return jsonResponse(200, body, this.preferenceApplied(preferences, compiled.pageable ? preferences.maxPageSize : undefined));
  }

  private count(request: ApiRequest, model: EntityModel): ApiResponse {
    if (request.method !== 'GET') throw ServiceError.methodNotAllowed(request.method, `'${model.entitySetName}/$count'`);
    const options = this.queryOptions(request);
    const compiled = compileCollectionQuery(model, options, undefined, this.context.catalog, request.caller.userId);
    const filterOnly = compiled.filter ? { where: compiled.filter.sql, params: compiled.filter.params } : {};
    const n = this.context.database.table(model.logicalName).count(filterOnly, MAX_PAGE_SIZE);
    return { status: 200, headers: { 'Content-Type': 'text/plain', 'OData-Version': '4.0' }, body: String(n) };
  }

  private create(request: ApiRequest, model: EntityModel): ApiResponse {
    const preferences = parsePreferences(request.headers['prefer']);
    const options = this.queryOptions(request);
    const columns = resolveSelect(model, options.select);
    const body = parseJsonBody(request, model.entitySetName, this.context.limits.maxJsonDepth);
    const payload = readPayload(model, body, 'create', this.context.catalog, this.context.database, request.contentIds);
    const row = this.writer.create(model, payload, request.caller);
    return this.writeResult(request, model, row, preferences, columns, options, 201);
  }

  // ---- single rows --------------------------------------------------------------------------------------------

  private single(request: ApiRequest, model: EntityModel, id: string): ApiResponse {
    switch (request.method) {
      case 'GET':
        return this.retrieve(request, model, id);
      case 'PATCH':
        return this.upsert(request, model, id);
      case 'DELETE':
        return this.delete(request, model, id);
      default:
        throw ServiceError.methodNotAllowed(request.method, `'${model.entitySetName}(${id})'`);
    }
  }

  private retrieve(request: ApiRequest, model: EntityModel, id: string): ApiResponse {
    const options = this.queryOptions(request);
    if (options.filter || options.orderBy || options.top !== undefined || options.skipToken) {
      throw ServiceError.badQuery('The query options $filter, $orderby, $top and $skiptoken apply to collections only.');
    }
    const preferences = parsePreferences(request.headers['prefer']);
    const columns = resolveSelect(model, options.select);
    // With `$expand`, every column (its errors come after a missing row's 404, as before).
    const row = this.mustGet(model, id, options.expand ? undefined : readColumns(model, options.select, columns));
    const etag = etagOf(row);
    const annotations = annotationChoice(preferences);
    const ifNoneMatch = this.header(request, 'if-none-match');
    if (ifNoneMatch && etag && !anyAnnotation(annotations) && !options.expand && etagMatches(ifNoneMatch, etag)) {
      return emptyResponse(304, { ETag: etag });
    }
    const expansion = options.expand ? new LookupExpansion(this.context, model, options.expand) : undefined;
    const body = {
      '@odata.context': `${this.contextUrl(request, model, options.select, expansion)}/$entity`,
      ...new RecordSerializer(this.context).serialize(model, row, columns, annotations),
    };
    expansion?.apply(request, row, body, annotations);
    return jsonResponse(200, body, { ...(etag ? { ETag: etag } : {}), ...this.preferenceApplied(preferences) });
  }

  /**
   * `PATCH <set>(<id>)`: with `If-Match` an update only (missing row → 404, other version → 412), with
   * `If-None-Match: *` a create only (existing row → 412), otherwise an upsert.
   */
  private upsert(request: ApiRequest, model: EntityModel, id: string): ApiResponse {
    const preferences = parsePreferences(request.headers['prefer']);
    const options = this.queryOptions(request);
    const columns = resolveSelect(model, options.select);
    const body = parseJsonBody(request, model.entitySetName, this.context.limits.maxJsonDepth);
    const storage = this.context.database.table(model.logicalName);
    const existing = storage.get(id);
    const ifMatch = this.header(request, 'if-match');
    const ifNoneMatch = this.header(request, 'if-none-match');
    if (ifMatch !== undefined) {
      if (!existing) throw ServiceError.notFound(model.logicalName, id);
      if (ifMatch !== '*' && !etagMatches(ifMatch, etagOf(existing))) throw ServiceError.versionMismatch();
    } else if (ifNoneMatch === '*' && existing) {
      throw ServiceError.duplicate('A record with matching key values already exists.');
    }
    if (existing) {
      const payload = readPayload(model, body, 'update', this.context.catalog, this.context.database, request.contentIds);
      const row = this.writer.update(model, existing, payload, request.caller);
      return this.writeResult(request, model, row, preferences, columns, options, 200);
    }
    const payload = readPayload(model, body, 'create', this.context.catalog, this.context.database, request.contentIds);
    const row = this.writer.create(model, payload, request.caller, id);
    return this.writeResult(request, model, row, preferences, columns, options, 201);
  }

  private delete(request: ApiRequest, model: EntityModel, id: string): ApiResponse {
    const existing = this.mustGet(model, id);
    const ifMatch = this.header(request, 'if-match');
    if (ifMatch !== undefined && ifMatch !== '*' && !etagMatches(ifMatch, etagOf(existing))) throw ServiceError.versionMismatch();
    this.writer.delete(model, id);
    return emptyResponse(204);
  }

  /** 204 with `OData-EntityId`, or with `return=representation` the row (201 created / 200 updated). */
  private writeResult(
    request: ApiRequest,
    model: EntityModel,
    row: StoredRow,
    preferences: Preferences,
    columns: ReturnType<typeof resolveSelect>,
    options: QueryOptions,
    representationStatus: 200 | 201,
  ): ApiResponse {
    const url = this.entityUrl(request, model, row[model.primaryId] as string);
    const etag = etagOf(row);
    // The headers and body a create or update answers with, built directly: a batch of 1 000 creates answers 1 000
    // times (no spread copies; the record's JSON after the context's, the same text as one object's).
    if (preferences.returnRepresentation) {
      const record = new RecordSerializer(this.context).serialize(model, row, columns, annotationChoice(preferences));
      const headers: Record<string, string> = { 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0' };
      if (etag) headers['ETag'] = etag;
      if (request.inBatch) headers['Location'] = url;
      headers['Preference-Applied'] = 'return=representation';
      const json = JSON.stringify(record);
      const context = this.entityContext(request, model, options.select);
      return { status: representationStatus, headers, body: json === '{}' ? `${context}}` : `${context},${json.slice(1)}` };
    }
    const headers: Record<string, string> = { 'OData-Version': '4.0', 'OData-EntityId': url };
    if (request.inBatch) headers['Location'] = url;
    if (etag) headers['ETag'] = etag;
    return { status: 204, headers };
  }

  // ---- properties, related rows, references --------------------------------------------------------------------

  private property(request: ApiRequest, model: EntityModel, id: string, name: string): ApiResponse {
    const column = model.byReadName.get(name);
    if (!column || !column.validForRead) throw ServiceError.unknownProperty(name, model.typeName);
    const row = this.mustGet(model, id);
    if (request.method === 'GET') {
      const value = fromStorage(column, row[column.name] ?? null);
      if (value === null) return emptyResponse(204);
      return jsonResponse(200, { '@odata.context': `${apiRoot(request)}/$metadata#${model.entitySetName}(${id})/${name}`, value });
    }
    if (request.method !== 'PUT' && request.method !== 'DELETE') {
      throw ServiceError.methodNotAllowed(request.method, `the property '${name}'`);
    }
    if (column.targets || column.name === model.primaryId || !column.validForUpdate) {
      throw ServiceError.badQuery(`The property '${name}' cannot be updated.`);
    }
    let value: unknown = null;
    if (request.method === 'PUT') {
      const body = parseJsonBody(request, model.entitySetName, this.context.limits.maxJsonDepth);
      if (!Object.hasOwn(body, 'value')) throw ServiceError.payload(model.entitySetName, "A 'value' property is required.");
      value = body['value'];
    }
    this.writer.update(model, row, { values: { [column.name]: toStorage(model, column, value) } }, request.caller);
    return emptyResponse(204);
  }

  private related(request: ApiRequest, model: EntityModel, id: string, navigationName: string): ApiResponse {
    if (request.method !== 'GET') throw ServiceError.methodNotAllowed(request.method, `the navigation property '${navigationName}'`);
    const navigation = model.navigation.get(navigationName)!;
    const row = this.mustGet(model, id);
    const targetId = row[navigation.column.name];
    const targetTable = isPolymorphic(navigation.column) ? row[targetColumnOf(navigation.column.name)] : navigation.targets[0];
    if (typeof targetId !== 'string' || typeof targetTable !== 'string' || !navigation.targets.includes(targetTable)) {
      return emptyResponse(204);
    }
    const target = this.context.catalog.findByLogicalName(targetTable);
    if (!target) throw ServiceError.notImplemented(`reading rows of the table '${targetTable}'`);
    return this.retrieve({ ...request, path: `${target.entitySetName}(${targetId})` }, target, targetId);
  }

  private reference(request: ApiRequest, model: EntityModel, id: string, navigationName: string): ApiResponse {
    const navigation = model.navigation.get(navigationName)!;
    const row = this.mustGet(model, id);
    if (request.method === 'DELETE') {
      const values: StoredRow = { [navigation.column.name]: null };
      if (isPolymorphic(navigation.column)) values[targetColumnOf(navigation.column.name)] = null;
      this.writer.update(model, row, { values }, request.caller);
      return emptyResponse(204);
    }
    if (request.method === 'PUT') {
      const body = parseJsonBody(request, model.entitySetName, this.context.limits.maxJsonDepth);
      const reference = body['@odata.id'];
      if (typeof reference !== 'string') throw ServiceError.payload(model.entitySetName, "An '@odata.id' property is required.");
      const payload = readPayload(
        model,
        { [`${navigationName}@odata.bind`]: reference },
        'update',
        this.context.catalog,
        this.context.database,
        request.contentIds,
      );
      this.writer.update(model, row, payload, request.caller);
      return emptyResponse(204);
    }
    if (request.method === 'GET') {
      const targetId = row[navigation.column.name];
      const targetTable = isPolymorphic(navigation.column) ? row[targetColumnOf(navigation.column.name)] : navigation.targets[0];
      if (typeof targetId !== 'string' || typeof targetTable !== 'string') return emptyResponse(204);
      const set = this.context.catalog.entitySetOf(targetTable) ?? targetTable;
      return jsonResponse(200, { '@odata.context': `${apiRoot(request)}/$metadata#$ref`, '@odata.id': `${apiRoot(request)}/${set}(${targetId})` });
    }
    throw ServiceError.methodNotAllowed(request.method, `'${navigationName}/$ref'`);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private mustGet(model: EntityModel, id: string, columns?: readonly string[]): StoredRow {
    const row = this.context.database.table(model.logicalName).get(id, columns);
    if (!row) throw ServiceError.notFound(model.logicalName, id);
    return row;
  }

  /**
   * The request's query options. Short query strings are parsed once: each part of a `$batch` of creates carries the
   * same `$select`. (Long ones — a `$filter` of names, a paging cookie — rarely come twice.) Callers never change them.
   */
  private queryOptions(request: ApiRequest): QueryOptions {
    // No closure per request: `peek` and `set` instead of `get(text, compute)`.
    if (request.rawQuery.length > 256) return parseQueryOptions(request.query, this.context.limits);
    let options = this.parsedQueries.peek(request.rawQuery);
    if (options === undefined) this.parsedQueries.set(request.rawQuery, (options = parseQueryOptions(request.query, this.context.limits)));
    return options;
  }

  /** A header value, ignoring `If-None-Match: null` (a browser cache-buster, not an ETag). */
  private header(request: ApiRequest, name: string): string | undefined {
    const value = request.headers[name]?.trim();
    if (value === undefined || value === '' || value === 'null') return undefined;
    return value;
  }

  private contextUrl(request: ApiRequest, model: EntityModel, select: string[] | undefined, expansion?: LookupExpansion): string {
    const parts = select && !select.includes('*') ? [...select] : [];
    if (expansion) parts.push(expansion.contextPart());
    return `${apiRoot(request)}/$metadata#${model.entitySetName}${parts.length > 0 ? `(${parts.join(',')})` : ''}`;
  }

  /**
   * `{"@odata.context":"…/$metadata#accounts(accountid,modifiedon)/$entity"` — the start of a write's representation,
   * made once per API root, table and `$select` list (a batch of creates repeats them) instead of once per row.
   */
  private entityContext(request: ApiRequest, model: EntityModel, select: string[] | undefined): string {
    const root = apiRoot(request);
    const key = select ?? NO_SELECT;
    let known = this.entityContexts.get(key);
    if (known === undefined || known.root !== root || known.model !== model) {
      known = { root, model, text: `{"@odata.context":${JSON.stringify(`${this.contextUrl(request, model, select)}/$entity`)}` };
      this.entityContexts.set(key, known);
    }
    return known.text;
  }

  private entityUrl(request: ApiRequest, model: EntityModel, id: string): string {
    return `${apiRoot(request)}/${model.entitySetName}(${id})`;
  }

  /** The request URL with `$skiptoken` replaced: clients must use it as is. */
  private nextLink(request: ApiRequest, token: string): string {
    const params = request.rawQuery
      .split('&')
      .filter((part) => part !== '' && !part.startsWith('$skiptoken=') && !part.startsWith('%24skiptoken='));
    params.push(`$skiptoken=${encodeURIComponent(token)}`);
    const path = request.path.split('/').map((segment) => encodeURI(segment)).join('/');
    return `${apiRoot(request)}/${path}?${params.join('&')}`;
  }

  private preferenceApplied(preferences: Preferences, pageSize?: number): Record<string, string> {
    const applied: string[] = [];
    if (pageSize !== undefined) applied.push(`odata.maxpagesize=${Math.min(pageSize, MAX_PAGE_SIZE)}`);
    if (preferences.includeAnnotationsRaw) applied.push(`odata.include-annotations=${preferences.includeAnnotationsRaw}`);
    return applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {};
  }
}

/** The key of `entityContext` for a write without `$select`. */
const NO_SELECT: readonly string[] = [];

/** A `$skiptoken` of a change-tracking read carries `istracking="True"`. */
function isTrackingToken(token: string | undefined): boolean {
  return token !== undefined && token.includes('istracking="True"');
}

/** Whether an `If-Match`/`If-None-Match` list (`W/"1", W/"2"` or `*`) names the row's ETag. */
export function etagMatches(header: string, etag: string | undefined): boolean {
  if (header === '*') return etag !== undefined;
  if (!etag) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((item) => {
    const candidate = item.trim();
    return candidate === etag || candidate === bare || candidate.replace(/^W\//, '') === bare;
  });
}
