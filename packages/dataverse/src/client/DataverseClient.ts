import { nodeHttpFetch } from './nodeHttpFetch';
import { inspect, type InspectOptions } from 'node:util';
import { DataverseRequestError } from '../errors/DataverseErrors';
import type { RequestThrottle } from '../throttle/RequestThrottle';
import { sharedThrottleRegistry } from '../throttle/ThrottleRegistry';
import { batchPieces, type BatchItem } from './BatchRequest';
import { batchResults, type BatchOperationResult, type BatchOptions } from './batchResults';
import { chunkBatchItems } from './chunkBatchItems';
import { entityPath, idFromEntityUrl, type RecordKey } from './entityReference';
import type { DataverseClientOptions } from './DataverseClientOptions';
import { buildQueryString, type ODataQuery } from './ODataQuery';
import { pageFromBody, pagePreferHeaders, pageReadAt, type Page, type PageOptions } from './Page';
import { ServiceClock } from './ServiceClock';
import { RequestSender, type DataverseClientStats, type DataverseResponse, type SendInit } from './RequestSender';
import { etagOf, idFromBody, parseJsonBody } from './responseBody';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { tokenProviderFromAuth } from './tokenProviderFromAuth';
import type { TokenProvider } from './TokenProvider';
import { utf8Bytes } from './utf8Bytes';

export interface WriteRequestOptions {
  /** `Prefer: return=representation`: the written row comes back (with `select` columns). */
  returnRepresentation?: boolean;
  select?: readonly string[];
  /** Extra request headers (`MSCRM.BypassCustomPluginExecution`, …). */
  headers?: Record<string, string>;
}

export interface CreateResult<T = Record<string, unknown>> {
  id: string;
  /** The `OData-EntityId` URL (204 answers). */
  entityId?: string;
  /** The created row (with `returnRepresentation`). */
  record?: T;
  etag?: string;
}

export interface UpdateResult<T = Record<string, unknown>> {
  id?: string;
  record?: T;
  etag?: string;
  /** Upsert only: true when the row was created (known only with `returnRepresentation`). */
  created?: boolean;
}

export interface WhoAmIResponse {
  UserId: string;
  BusinessUnitId: string;
  OrganizationId: string;
}

/**
 * A Dataverse Web API client on Node's `fetch`: OData queries and paging, create/update/upsert/delete, `$batch`,
 * `WhoAmI`. Every request goes through the shared throttle of its (service, identity) and the retry policy (`429`
 * with `Retry-After`, `502/503/504` and connection resets with jittered backoff, a `401` once after a token refresh).
 * Failures surface as typed `DataverseError`s. Inspecting or serialising a client shows its URLs, identity key and
 * counters only: secrets sit in private fields of the sender and the token provider.
 */
export class DataverseClient {
  /** The environment URL, without a trailing slash. */
  readonly url: string;
  /** `<url>/api/data/<version>/`. */
  readonly apiUrl: string;
  readonly tokenProvider: TokenProvider;
  readonly throttle: RequestThrottle;
  readonly retryPolicy: RetryPolicy;
  readonly stats: DataverseClientStats = { requests: 0, retries: 0, throttled: 0, transientFailures: 0, tokenRefreshes: 0 };
  /** The service's clock as the `Date` headers of its answers tell it (`ServiceClock`). */
  readonly serviceClock = new ServiceClock();
  private readonly apiPath: string;
  readonly #sender: RequestSender;
  /** The built-in transport takes a `$batch` body as bytes; a given `fetch` gets it as text, as it always did. */
  readonly #sendsBytes: boolean;

  constructor(options: DataverseClientOptions) {
    const apiVersion = options.apiVersion ?? 'v9.2';
    const parsed = new URL(options.url);
    const apiMatch = /^(.*?)\/api\/data\/(v\d+(\.\d+)?)\/?$/i.exec(parsed.pathname);
    const rootPath = apiMatch ? apiMatch[1]! : parsed.pathname.replace(/\/+$/, '');
    this.url = `${parsed.origin}${rootPath}`;
    this.apiUrl = `${this.url}/api/data/${apiMatch ? apiMatch[2] : apiVersion}/`;
    this.apiPath = new URL(this.apiUrl).pathname;
    const { provider, secrets } = tokenProviderFromAuth(options.auth, this.url);
    this.tokenProvider = provider;
    this.throttle =
      options.throttle ??
      (options.throttleRegistry ?? sharedThrottleRegistry).get(this.url, this.tokenProvider.identityKey, options.throttleOptions);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#sendsBytes = !options.fetch;
    this.#sender = new RequestSender({
      fetch: options.fetch ?? nodeHttpFetch(),
      tokenProvider: this.tokenProvider,
      throttle: this.throttle,
      retryPolicy: this.retryPolicy,
      pauseAllOnThrottle: options.pauseAllOnThrottle ?? true,
      requestTimeoutMs: options.requestTimeoutMs ?? 120_000,
      random: options.random ?? Math.random,
      stats: this.stats,
      secrets,
      logger: options.logger,
    });
  }

  /** What `JSON.stringify` and `console.log` show: nothing secret, whatever token provider the client was given. */
  toJSON(): { url: string; apiUrl: string; identityKey: string; stats: DataverseClientStats } {
    return { url: this.url, apiUrl: this.apiUrl, identityKey: this.tokenProvider.identityKey, stats: { ...this.stats } };
  }

  [inspect.custom](_depth: number, options: InspectOptions, nested: typeof inspect): string {
    return `DataverseClient ${nested(this.toJSON(), options)}`;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reads

  /** `GET WhoAmI`: the calling user (the integration identity), its business unit and organisation. */
  async whoAmI(): Promise<WhoAmIResponse> {
    const body = await this.getJson<Record<string, unknown>>(`${this.apiUrl}WhoAmI`);
    return {
      UserId: String(body.UserId ?? '').toLowerCase(),
      BusinessUnitId: String(body.BusinessUnitId ?? '').toLowerCase(),
      OrganizationId: String(body.OrganizationId ?? '').toLowerCase(),
    };
  }

  /** `GET` any resource below the API root (`EntityDefinitions(LogicalName='account')?$select=…`) as JSON. */
  async get<T = Record<string, unknown>>(path: string, options: { headers?: Record<string, string> } = {}): Promise<T> {
    return this.getJson<T>(this.resolveUrl(path), options.headers);
  }

  /**
   * A `fetch`-shaped function whose requests go through this client's token, throttle and retry policy (the caller's
   * `Authorization` header is replaced). For code written against `fetch`, e.g. the metadata generator's source.
   */
  fetchAdapter(): (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
    ok: boolean;
    status: number;
    headers: Headers;
    text(): Promise<string>;
    json(): Promise<unknown>;
  }> {
    return async (url, init = {}) => {
      const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'authorization'));
      const response = await this.send(init.method ?? 'GET', this.resolveUrl(url), { headers, body: init.body });
      return {
        ok: response.status >= 200 && response.status < 300,
        status: response.status,
        headers: response.headers,
        text: async () => response.text,
        json: async () => JSON.parse(response.text) as unknown,
      };
    };
  }

  /** `GET <set>(<key>)`; throws `DataverseNotFoundError` when the row does not exist. */
  async retrieve<T = Record<string, unknown>>(entitySet: string, key: RecordKey, query: Pick<ODataQuery, 'select' | 'expand'> = {}): Promise<T> {
    return this.getJson<T>(`${this.apiUrl}${entityPath(entitySet, key)}${buildQueryString(query)}`);
  }

  /** The first page of a collection read (`$select`, `$filter`, `$orderby`, `$top`, `$count`). */
  async list<T = Record<string, unknown>>(entitySet: string, query: ODataQuery = {}, options: PageOptions = {}): Promise<Page<T>> {
    return this.readPage<T>(`${this.apiUrl}${entitySet}${buildQueryString(query)}`, options);
  }

  /** The page behind an `@odata.nextLink`, used exactly as the service gave it (send the same page size again). */
  async nextPage<T = Record<string, unknown>>(nextLink: string, options: PageOptions = {}): Promise<Page<T>> {
    const link = new URL(nextLink, this.apiUrl);
    if (link.origin !== new URL(this.apiUrl).origin) {
      // Never send the bearer token to another host.
      throw new DataverseRequestError(`Refusing to follow an @odata.nextLink to another host (${link.origin})`);
    }
    return this.readPage<T>(nextLink, options);
  }

  /** Every page of a collection read, following `@odata.nextLink`. */
  async *pages<T = Record<string, unknown>>(entitySet: string, query: ODataQuery = {}, options: PageOptions = {}): AsyncGenerator<Page<T>> {
    let page = await this.list<T>(entitySet, query, options);
    yield page;
    while (page.nextLink) {
      page = await this.nextPage<T>(page.nextLink, options);
      yield page;
    }
  }

  /** Every row of a collection read. */
  async listAll<T = Record<string, unknown>>(entitySet: string, query: ODataQuery = {}, options: PageOptions = {}): Promise<T[]> {
    const rows: T[] = [];
    for await (const page of this.pages<T>(entitySet, query, options)) rows.push(...page.value);
    return rows;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes

  /**
   * `POST <set>`. Put a client-chosen id in the body (`{ accountid: '<guid>', … }`) to make retries safe: a second
   * create of the same id fails with `DataverseDuplicateRecordError` instead of making a second row.
   */
  async create<T = Record<string, unknown>>(entitySet: string, record: Record<string, unknown>, options: WriteRequestOptions = {}): Promise<CreateResult<T>> {
    const url = `${this.apiUrl}${entitySet}${options.returnRepresentation ? buildQueryString({ select: options.select }) : ''}`;
    const response = await this.send('POST', url, {
      headers: { ...writeHeaders(options), 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(record),
    });
    this.ensureOk(response, 'POST', url);
    const entityId = response.headers.get('OData-EntityId') ?? response.headers.get('Location') ?? undefined;
    const body = parseJsonBody(response.text) as T | undefined;
    const id = idFromEntityUrl(entityId) ?? idFromBody(body, entitySet);
    if (!id) throw new DataverseRequestError(`The create on ${entitySet} returned no id`, { status: response.status });
    return { id, entityId, record: body, etag: etagOf(response.headers.get('ETag'), body) };
  }

  /**
   * `PATCH <set>(<key>)` as a pure update: `If-Match: <etag>` when one is given (a changed row gives
   * `DataverseConflictError`), otherwise `If-Match: *` (a missing row gives `DataverseNotFoundError` instead of an
   * accidental create).
   */
  async update<T = Record<string, unknown>>(
    entitySet: string,
    key: RecordKey,
    changes: Record<string, unknown>,
    options: WriteRequestOptions & { etag?: string } = {},
  ): Promise<UpdateResult<T>> {
    return this.patch<T>(entitySet, key, changes, { ...options, ifMatch: options.etag ?? '*' });
  }

  /**
   * `PATCH <set>(<key>)` without `If-Match`: creates the row when it does not exist, updates it otherwise.
   * `createOnly` sends `If-None-Match: *` (an existing row gives `DataverseConflictError`).
   */
  async upsert<T = Record<string, unknown>>(
    entitySet: string,
    key: RecordKey,
    record: Record<string, unknown>,
    options: WriteRequestOptions & { createOnly?: boolean } = {},
  ): Promise<UpdateResult<T>> {
    return this.patch<T>(entitySet, key, record, { ...options, ifNoneMatch: options.createOnly ? '*' : undefined });
  }

  /** `DELETE <set>(<key>)`, with `If-Match: <etag>` when one is given. */
  async delete(entitySet: string, key: RecordKey, options: { etag?: string } = {}): Promise<void> {
    const url = `${this.apiUrl}${entityPath(entitySet, key)}`;
    const response = await this.send('DELETE', url, { headers: options.etag ? { 'If-Match': options.etag } : {} });
    this.ensureOk(response, 'DELETE', url);
  }

  /**
   * `POST $batch`. Items are operations (each its own request part) and change sets (atomic groups). Inputs with more
   * than `maxOperationsPerBatch` operations are sent as several batches, one after another (a change set larger than
   * that is split into several change sets, each atomic on its own). Returns one result per operation, in input
   * order; a failed operation is a result with `ok: false` and a typed `error`, never a thrown error. The batch
   * request itself is retried like any request (429, 5xx, resets).
   */
  async batch(items: readonly BatchItem[], options: BatchOptions = {}): Promise<BatchOperationResult[]> {
    const max = Math.min(1000, Math.max(1, options.maxOperationsPerBatch ?? 1000));
    const results: BatchOperationResult[] = [];
    for (const chunk of chunkBatchItems(items, max)) {
      results.push(...(await this.sendBatch(chunk, options.continueOnError ?? true)));
    }
    return results;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Transport

  /**
   * Sends one request through the throttle and the retry policy and reads the whole response. Returns any final
   * status (callers map errors); throws only when retries are exhausted or on a non-retryable network failure.
   */
  async send(method: string, url: string, init: SendInit = {}): Promise<DataverseResponse> {
    const sentAt = Date.now();
    const response = await this.#sender.send(method, url, init);
    this.serviceClock.observe(response.headers.get('Date'), sentAt);
    return response;
  }

  /** An absolute URL on this service: absolute URLs as they are, `/…` from the host root, others below the API root. */
  private resolveUrl(pathOrUrl: string): string {
    const api = new URL(this.apiUrl);
    const url = /^https?:\/\//i.test(pathOrUrl)
      ? new URL(pathOrUrl)
      : pathOrUrl.startsWith('/')
        ? new URL(pathOrUrl, api.origin)
        : new URL(pathOrUrl, this.apiUrl);
    if (url.origin !== api.origin) throw new DataverseRequestError(`Refusing to send the token to another host (${url.origin})`);
    return url.toString();
  }

  private async getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
    return (await this.getTimedJson<T>(url, headers)).body;
  }

  /** A GET's JSON body, with when the service read it (`pageReadAt`). */
  private async getTimedJson<T>(url: string, headers: Record<string, string>): Promise<{ body: T; readAt?: Date }> {
    const startedAt = performance.now();
    const response = await this.send('GET', url, { headers });
    const callMs = performance.now() - startedAt;
    this.ensureOk(response, 'GET', url);
    const body = parseJsonBody(response.text);
    if (body === undefined) throw new DataverseRequestError(`GET ${new URL(url).pathname} returned no JSON body`, { status: response.status });
    const readAt = pageReadAt(response.headers.get('Date'), callMs);
    return { body: body as T, ...(readAt ? { readAt } : {}) };
  }

  private async readPage<T>(url: string, options: PageOptions): Promise<Page<T>> {
    const { body, readAt } = await this.getTimedJson<{ value?: T[]; '@odata.nextLink'?: string; '@odata.count'?: number }>(url, pagePreferHeaders(options));
    return { ...pageFromBody(body, url), ...(readAt ? { readAt } : {}) };
  }

  private async patch<T>(
    entitySet: string,
    key: RecordKey,
    body: Record<string, unknown>,
    options: WriteRequestOptions & { ifMatch?: string; ifNoneMatch?: string },
  ): Promise<UpdateResult<T>> {
    const url = `${this.apiUrl}${entityPath(entitySet, key)}${options.returnRepresentation ? buildQueryString({ select: options.select }) : ''}`;
    const headers: Record<string, string> = { ...writeHeaders(options), 'Content-Type': 'application/json; charset=utf-8' };
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    if (options.ifNoneMatch) headers['If-None-Match'] = options.ifNoneMatch;
    const response = await this.send('PATCH', url, { headers, body: JSON.stringify(body) });
    this.ensureOk(response, 'PATCH', url);
    const record = parseJsonBody(response.text) as T | undefined;
    const entityId = response.headers.get('OData-EntityId') ?? undefined;
    return {
      id: idFromEntityUrl(entityId) ?? idFromBody(record, entitySet) ?? (typeof key === 'string' ? key.toLowerCase() : undefined),
      record,
      etag: etagOf(response.headers.get('ETag'), record),
      ...(options.returnRepresentation ? { created: response.status === 201 } : {}),
    };
  }

  private async sendBatch(items: readonly BatchItem[], continueOnError: boolean): Promise<BatchOperationResult[]> {
    const written = batchPieces(items, { apiPath: this.apiPath });
    const response = await this.send('POST', `${this.apiUrl}$batch`, {
      headers: { 'Content-Type': written.contentType, ...(continueOnError ? { Prefer: 'odata.continue-on-error' } : {}) },
      body: this.#sendsBytes ? utf8Bytes(written.pieces) : written.pieces.join(''),
    });
    return batchResults(items, written.contentIds, response, (failed) => this.#sender.responseError(failed, failed.text, 'POST $batch'));
  }

  private ensureOk(response: DataverseResponse, method: string, url: string): void {
    if (response.status >= 200 && response.status < 300) return;
    throw this.#sender.responseError(response, response.text, `${method} ${new URL(url).pathname}`);
  }
}

function writeHeaders(options: WriteRequestOptions): Record<string, string> {
  return { ...options.headers, ...(options.returnRepresentation ? { Prefer: 'return=representation' } : {}) };
}
