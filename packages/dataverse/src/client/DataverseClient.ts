import {
  DataverseAuthError,
  DataverseChangeSetAbortedError,
  DataverseError,
  DataverseRequestError,
  DataverseTransientError,
} from '../errors/DataverseErrors';
import { errorFromResponse, TRANSIENT_STATUSES } from '../errors/errorFromResponse';
import { parseRetryAfter } from '../errors/parseRetryAfter';
import { redactSecrets } from '../errors/redactSecrets';
import { RequestThrottle, type RequestThrottleOptions } from '../throttle/RequestThrottle';
import { sharedThrottleRegistry, type ThrottleRegistry } from '../throttle/ThrottleRegistry';
import { isChangeSet, operationCount, writeBatch, type BatchItem, type BatchOperation } from './BatchRequest';
import { parseBatchResponse, type BatchResponsePart } from './BatchResponseParser';
import { entityPath, idFromEntityUrl, type RecordKey } from './entityReference';
import { MsalTokenProvider, type MsalTokenProviderOptions } from './MsalTokenProvider';
import { buildQueryString, type ODataQuery } from './ODataQuery';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableNetworkError, networkErrorCode, sleep, type RetryPolicy } from './retry';
import { StaticTokenProvider } from './StaticTokenProvider';
import type { TokenProvider } from './TokenProvider';

/** Where log lines go. Lines never contain tokens or secrets. */
export interface DataverseLogger {
  debug?(message: string): void;
  warn?(message: string): void;
}

/** How the client authenticates: a token provider, a static token, or OAuth client credentials (msal-node). */
export type DataverseAuthOptions =
  | TokenProvider
  | { token: string | (() => string | Promise<string>) }
  | ({ clientId: string; clientSecret: string; authority: string } & Omit<MsalTokenProviderOptions, 'clientId' | 'clientSecret' | 'authority'>);

export interface DataverseClientOptions {
  /** The environment URL (`https://contoso.crm.dynamics.com`); a URL that already ends in `/api/data/v9.x` works too. */
  url: string;
  /** Web API version, default `v9.2`. */
  apiVersion?: string;
  auth: DataverseAuthOptions;
  /** Use this throttle instead of the registry's. */
  throttle?: RequestThrottle;
  /** Where the shared per-(service, identity) throttle comes from; default the process-wide registry. */
  throttleRegistry?: ThrottleRegistry;
  /** Limits for the throttle when this client creates it (defaults: 52 concurrent, 6 000 per 300 s). */
  throttleOptions?: RequestThrottleOptions;
  retry?: Partial<RetryPolicy>;
  /** On `429`, hold every request of the identity for `Retry-After`, not just the refused one (default true). */
  pauseAllOnThrottle?: boolean;
  /** A `fetch` to use instead of the global one (a proxy, a custom CA, a test double). */
  fetch?: typeof fetch;
  /** Abort a request that takes longer than this (default 120 s); it then counts as transient. */
  requestTimeoutMs?: number;
  logger?: DataverseLogger;
  /** Source of randomness for backoff jitter (tests). */
  random?: () => number;
}

/** A response as the client returns it: fully read, with the number of HTTP attempts it took. */
export interface DataverseResponse {
  status: number;
  headers: Headers;
  text: string;
  /** HTTP attempts made for this call (1 when nothing was retried). */
  attempts: number;
  /**
   * True when an earlier attempt failed in a way that does not tell whether the service applied it (5xx, connection
   * reset, timeout): a write may then have happened twice.
   */
  possiblyRepeated: boolean;
}

/** One page of a collection read. */
export interface Page<T> {
  value: T[];
  nextLink?: string;
  count?: number;
}

export interface PageOptions {
  /** `Prefer: odata.maxpagesize` (1–5000). */
  pageSize?: number;
  /** `Prefer: odata.include-annotations="…"`, e.g. `'*'` or `'OData.Community.Display.V1.FormattedValue'`. */
  annotations?: string;
}

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

/** Counters of one client, for diagnostics and tests. */
export interface DataverseClientStats {
  /** HTTP requests sent (every attempt counts). */
  requests: number;
  /** Attempts that were repeated after a 429, a 5xx or a network failure. */
  retries: number;
  throttled: number;
  transientFailures: number;
  tokenRefreshes: number;
}

export interface WhoAmIResponse {
  UserId: string;
  BusinessUnitId: string;
  OrganizationId: string;
}

interface SendInit {
  headers?: Record<string, string>;
  body?: string;
}

const MAX_PAGE_SIZE = 5000;

/**
 * A Dataverse Web API client on Node's `fetch`: OData queries and paging, create/update/upsert/delete, `$batch`,
 * `WhoAmI`. Every request goes through the shared throttle of its (service, identity) and the retry policy (`429`
 * with `Retry-After`, `502/503/504` and connection resets with jittered backoff, a `401` once after a token refresh).
 * Failures surface as typed `DataverseError`s.
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
  private readonly fetchImpl: typeof fetch;
  private readonly pauseAllOnThrottle: boolean;
  private readonly requestTimeoutMs: number;
  private readonly logger?: DataverseLogger;
  private readonly random: () => number;
  private readonly apiPath: string;
  private readonly secrets: string[] = [];

  constructor(options: DataverseClientOptions) {
    const apiVersion = options.apiVersion ?? 'v9.2';
    const parsed = new URL(options.url);
    const apiMatch = /^(.*?)\/api\/data\/(v\d+(\.\d+)?)\/?$/i.exec(parsed.pathname);
    const rootPath = apiMatch ? apiMatch[1]! : parsed.pathname.replace(/\/+$/, '');
    this.url = `${parsed.origin}${rootPath}`;
    this.apiUrl = `${this.url}/api/data/${apiMatch ? apiMatch[2] : apiVersion}/`;
    this.apiPath = new URL(this.apiUrl).pathname;
    this.tokenProvider = this.createTokenProvider(options.auth);
    this.throttle =
      options.throttle ??
      (options.throttleRegistry ?? sharedThrottleRegistry).get(this.url, this.tokenProvider.identityKey, options.throttleOptions);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.pauseAllOnThrottle = options.pauseAllOnThrottle ?? true;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.logger = options.logger;
    this.random = options.random ?? Math.random;
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
    const label = `${method} ${new URL(url).pathname}`;
    let attempts = 0;
    let throttledAttempts = 0;
    let transientAttempts = 0;
    let refreshed = false;
    let forceRefresh = false;
    let possiblyRepeated = false;
    for (;;) {
      const token = await this.token(forceRefresh);
      forceRefresh = false;
      const release = await this.throttle.acquire();
      let response: Response;
      let text: string;
      attempts += 1;
      this.stats.requests += 1;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            'OData-MaxVersion': '4.0',
            'OData-Version': '4.0',
            ...(method === 'GET' ? { 'If-None-Match': 'null' } : {}),
            ...init.headers,
          },
          body: init.body,
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
        text = await response.text();
      } catch (error) {
        release();
        if (!isRetryableNetworkError(error)) {
          throw new DataverseRequestError(`${label} failed: ${this.redact(error instanceof Error ? error.message : String(error))}`, {
            request: label,
          });
        }
        this.stats.transientFailures += 1;
        transientAttempts += 1;
        if (method !== 'GET') possiblyRepeated = true;
        const code = networkErrorCode(error) ?? 'network error';
        if (transientAttempts >= this.retryPolicy.maxAttempts) {
          throw new DataverseTransientError(`${label} failed (${code}); gave up after ${attempts} attempts`, { request: label });
        }
        const wait = backoffDelay(transientAttempts, this.retryPolicy, this.random);
        this.logger?.warn?.(`Dataverse ${label}: ${code}, retrying in ${wait} ms (attempt ${attempts})`);
        this.stats.retries += 1;
        await sleep(wait);
        continue;
      }
      release();
      const status = response.status;
      if (status === 401 && !refreshed) {
        refreshed = true;
        forceRefresh = true;
        this.stats.tokenRefreshes += 1;
        this.logger?.debug?.(`Dataverse ${label}: 401, refreshing the token`);
        continue;
      }
      if (status === 429) {
        this.stats.throttled += 1;
        throttledAttempts += 1;
        const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
        const wait = retryAfter ?? backoffDelay(throttledAttempts, this.retryPolicy, this.random);
        if (throttledAttempts >= this.retryPolicy.maxThrottledAttempts || wait > this.retryPolicy.maxRetryAfterMs) {
          throw this.responseError(response, text, `${label}; gave up after ${attempts} attempts`);
        }
        if (this.pauseAllOnThrottle) this.throttle.pauseFor(wait);
        this.logger?.warn?.(`Dataverse ${label}: 429, retrying in ${wait} ms (attempt ${attempts})`);
        this.stats.retries += 1;
        await sleep(wait);
        continue;
      }
      if (TRANSIENT_STATUSES.has(status)) {
        this.stats.transientFailures += 1;
        transientAttempts += 1;
        if (method !== 'GET') possiblyRepeated = true;
        if (transientAttempts >= this.retryPolicy.maxAttempts) {
          throw this.responseError(response, text, `${label}; gave up after ${attempts} attempts`);
        }
        const wait = backoffDelay(transientAttempts, this.retryPolicy, this.random);
        this.logger?.warn?.(`Dataverse ${label}: HTTP ${status}, retrying in ${wait} ms (attempt ${attempts})`);
        this.stats.retries += 1;
        await sleep(wait);
        continue;
      }
      return { status, headers: response.headers, text, attempts, possiblyRepeated };
    }
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

  private async token(forceRefresh: boolean): Promise<string> {
    try {
      return await this.tokenProvider.getToken(forceRefresh ? { forceRefresh: true } : undefined);
    } catch (error) {
      if (error instanceof DataverseError) throw error;
      throw new DataverseAuthError(`Could not get a token: ${this.redact(error instanceof Error ? error.message : String(error))}`);
    }
  }

  private async getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.send('GET', url, { headers });
    this.ensureOk(response, 'GET', url);
    const body = parseJsonBody(response.text);
    if (body === undefined) throw new DataverseRequestError(`GET ${new URL(url).pathname} returned no JSON body`, { status: response.status });
    return body as T;
  }

  private async readPage<T>(url: string, options: PageOptions): Promise<Page<T>> {
    const prefer: string[] = [];
    if (options.pageSize !== undefined) {
      if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new RangeError(`Invalid page size ${options.pageSize}`);
      prefer.push(`odata.maxpagesize=${Math.min(MAX_PAGE_SIZE, options.pageSize)}`);
    }
    if (options.annotations) prefer.push(`odata.include-annotations="${options.annotations}"`);
    const body = await this.getJson<{ value?: T[]; '@odata.nextLink'?: string; '@odata.count'?: number }>(
      url,
      prefer.length > 0 ? { Prefer: prefer.join(',') } : {},
    );
    if (!Array.isArray(body.value)) throw new DataverseRequestError(`GET ${new URL(url).pathname} did not return a collection`);
    return {
      value: body.value,
      ...(body['@odata.nextLink'] ? { nextLink: body['@odata.nextLink'] } : {}),
      ...(typeof body['@odata.count'] === 'number' ? { count: body['@odata.count'] } : {}),
    };
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
    const written = writeBatch(items, { apiPath: this.apiPath });
    const url = `${this.apiUrl}$batch`;
    const response = await this.send('POST', url, {
      headers: { 'Content-Type': written.contentType, ...(continueOnError ? { Prefer: 'odata.continue-on-error' } : {}) },
      body: written.body,
    });
    const contentType = response.headers.get('Content-Type') ?? '';
    if (!/multipart\/mixed/i.test(contentType)) {
      if (response.status >= 400) throw this.responseError(response, response.text, 'POST $batch');
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
        results.push(part ? this.batchResult(item, part, repeated) : notExecuted(repeated));
        return;
      }
      const ids = written.contentIds[itemIndex] ?? [];
      const responses = entry ? (entry.kind === 'changeSet' ? entry.responses : [entry.response]) : [];
      const positional = responses.length === item.changeSet.length && responses.every((r, k) => r.contentId === undefined || r.contentId === ids[k]);
      const failure = responses.find((r) => r.status >= 400);
      item.changeSet.forEach((operation, k) => {
        const part = positional ? responses[k] : responses.find((r) => r.contentId !== undefined && r.contentId === ids[k]);
        if (part) results.push(this.batchResult(operation, part, repeated));
        else if (!entry) results.push(notExecuted(repeated));
        else {
          const cause = failure ? this.partError(failure, operation) : undefined;
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

  private batchResult(operation: BatchOperation, part: BatchResponsePart, possiblyRepeated: boolean): BatchOperationResult {
    const body = parseJsonBody(part.bodyText) as Record<string, unknown> | undefined;
    const entityId = part.headers['odata-entityid'] ?? part.headers['location'];
    const ok = part.status >= 200 && part.status < 300;
    return {
      ok,
      status: part.status,
      headers: part.headers,
      bodyText: part.bodyText,
      ...(body !== undefined ? { body } : {}),
      ...(entityId ? { entityId } : {}),
      ...(ok ? { id: idFromEntityUrl(entityId) ?? idFromBody(body) } : {}),
      etag: etagOf(part.headers['etag'], body),
      ...(ok ? {} : { error: this.partError(part, operation) }),
      possiblyRepeated,
    };
  }

  private partError(part: BatchResponsePart, operation: BatchOperation): DataverseError {
    const label = `${operation.method} ${operation.url.split('?')[0]} in $batch`;
    return errorFromResponse({ status: part.status, header: (name) => part.headers[name.toLowerCase()], bodyText: part.bodyText }, label);
  }

  private ensureOk(response: DataverseResponse, method: string, url: string): void {
    if (response.status >= 200 && response.status < 300) return;
    throw this.responseError(response, response.text, `${method} ${new URL(url).pathname}`);
  }

  private responseError(response: { status: number; headers: Headers }, text: string, label: string): DataverseError {
    const error = errorFromResponse({ status: response.status, header: (name) => response.headers.get(name), bodyText: text }, label);
    if (this.secrets.length > 0) error.message = this.redact(error.message);
    return error;
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  private createTokenProvider(auth: DataverseAuthOptions): TokenProvider {
    if ('getToken' in auth && typeof auth.getToken === 'function') {
      if (auth instanceof MsalTokenProvider) auth.useDefaultScope(`${this.url}/.default`);
      return auth;
    }
    if ('token' in auth) {
      if (typeof auth.token === 'string') this.secrets.push(auth.token);
      return new StaticTokenProvider(auth.token);
    }
    const msal = auth as MsalTokenProviderOptions;
    this.secrets.push(msal.clientSecret);
    return new MsalTokenProvider({ ...msal, scope: msal.scope ?? `${this.url}/.default` });
  }
}

function writeHeaders(options: WriteRequestOptions): Record<string, string> {
  return { ...options.headers, ...(options.returnRepresentation ? { Prefer: 'return=representation' } : {}) };
}

function parseJsonBody(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function etagOf(header: string | null | undefined, body: unknown): string | undefined {
  if (header) return header;
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>)['@odata.etag'] : undefined;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/** The primary key of a returned row: `<logical name>id`, found by the `…id` property holding a GUID. */
function idFromBody(body: unknown, entitySet?: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const context = typeof record['@odata.context'] === 'string' ? (record['@odata.context'] as string) : '';
  const set = entitySet ?? /#([A-Za-z0-9_]+)[(/]/.exec(context)?.[1];
  const candidates = Object.entries(record).filter(
    ([name, value]) => name.endsWith('id') && !name.startsWith('_') && typeof value === 'string' && idFromEntityUrl(`(${value})`),
  );
  if (candidates.length === 1) return (candidates[0]![1] as string).toLowerCase();
  if (set) {
    const match = candidates.find(([name]) => set.startsWith(name.slice(0, -2)));
    if (match) return (match[1] as string).toLowerCase();
  }
  return undefined;
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

/**
 * Packs items into batches of at most `max` operations, keeping their order; a change set larger than `max` is split
 * into several change sets.
 */
export function chunkBatchItems(items: readonly BatchItem[], max: number): BatchItem[][] {
  const chunks: BatchItem[][] = [];
  let current: BatchItem[] = [];
  let count = 0;
  const flush = () => {
    if (current.length > 0) chunks.push(current);
    current = [];
    count = 0;
  };
  for (const item of items) {
    const pieces: BatchItem[] = [];
    if (isChangeSet(item) && item.changeSet.length > max) {
      for (let i = 0; i < item.changeSet.length; i += max) pieces.push({ changeSet: item.changeSet.slice(i, i + max) });
    } else {
      pieces.push(item);
    }
    for (const piece of pieces) {
      const size = operationCount(piece);
      if (size === 0) continue;
      if (count + size > max) flush();
      current.push(piece);
      count += size;
    }
  }
  flush();
  return chunks;
}
