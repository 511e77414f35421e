import { ServiceError } from '../errors/ServiceError';
import { exceedsJsonDepth } from './JsonDepth';

/** Who is calling: the systemuser a token (or `MSCRMCallerID` impersonation) maps to. */
export interface CallerContext {
  userId: string;
}

/**
 * One Web API request as the router sees it, whether it came over HTTP or out of a `$batch` part.
 */
export interface ApiRequest {
  method: string;
  /** The resource path below `/api/data/v9.x/`, percent-decoded, without a leading slash (`accounts(…)`, `$batch`). */
  path: string;
  query: URLSearchParams;
  /** The query string as received (no `?`), to rebuild `@odata.nextLink`. */
  rawQuery: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  body: string;
  caller: CallerContext;
  /** `http://127.0.0.1:8080`: base of absolute URLs in responses. */
  origin: string;
  /** `v9.2` (or the `v9.0`/`v9.1` alias the client used). */
  version: string;
  /** Inside a `$batch` change set: Content-ID (`1`) → URL of the row that part created. */
  contentIds?: Map<string, string>;
  inBatch: boolean;
  /** A part of a `$batch` change set: the change set's savepoint rolls all of it back when this operation fails. */
  inChangeSet?: boolean;
}

/** A response before it is written to HTTP or into a `$batch` part. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export const JSON_CONTENT_TYPE = 'application/json; odata.metadata=minimal';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0', ...headers }, body: JSON.stringify(body) };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'OData-Version': '4.0', ...headers } };
}

export function errorResponse(error: ServiceError): ApiResponse {
  return jsonResponse(error.status, error.toBody(), error.headers);
}

/** The absolute root of the Web API for this request: `http://host/api/data/v9.2`. */
export function apiRoot(request: Pick<ApiRequest, 'origin' | 'version'>): string {
  return `${request.origin}/api/data/${request.version}`;
}

/** Parses a JSON request body; malformed JSON, or JSON nested deeper than `maxDepth`, is the Dataverse payload error. */
export function parseJsonBody(request: ApiRequest, entitySet: string, maxDepth: number): Record<string, unknown> {
  const text = request.body.trim();
  if (text === '') throw ServiceError.payload(entitySet, 'A request body is required for this operation.');
  if (exceedsJsonDepth(text, maxDepth)) throw ServiceError.jsonTooDeep(entitySet, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw ServiceError.payload(entitySet, `Invalid JSON. ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ServiceError.payload(entitySet, 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
