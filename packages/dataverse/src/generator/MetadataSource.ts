import { ErrorCodes } from '@tandem/core';
import { DataverseMessages } from '../errors/DataverseMessages';
import { MetadataError } from './MetadataError';

/** The part of a `fetch` response the generator uses. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** Node's `fetch`, or anything shaped like it (the Dataverse client, a test double). */
export type FetchLike = (url: string, init: { method: 'GET'; headers: Record<string, string> }) => Promise<FetchResponseLike>;

export interface MetadataSourceOptions {
  /** Organization URL (`https://org.crm.dynamics.com`) or Web API root (`…/api/data/v9.2`). */
  serviceUrl: string;
  /** A bearer token for the service; called once per request so an expiring token is renewed. */
  getToken: () => Promise<string>;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
}

/** Minimal GET-JSON access to the Web API root, just enough for metadata reads. */
export class MetadataSource {
  readonly apiRoot: string;
  private readonly getToken: () => Promise<string>;
  private readonly fetch: FetchLike;

  constructor(options: MetadataSourceOptions) {
    this.apiRoot = webApiRoot(options.serviceUrl);
    this.getToken = options.getToken;
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  }

  /** GETs a path relative to the Web API root and returns the parsed body; a non-2xx answer throws `MetadataError`. */
  async get(path: string): Promise<unknown> {
    const url = `${this.apiRoot}/${path}`;
    const token = await this.getToken();
    let response: FetchResponseLike;
    try {
      response = await this.fetch(url, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'OData-MaxVersion': '4.0',
          'OData-Version': '4.0',
        },
      });
    } catch (error) {
      throw new MetadataError(ErrorCodes.DATAVERSE_METADATA_REQUEST_FAILED, `GET ${url} failed: ${String(error)}`, { cause: error });
    }
    if (!response.ok) {
      const detail = dataverseErrorMessage(await response.text().catch(() => ''));
      const code = response.status === 404 ? ErrorCodes.TABLE_UNKNOWN : ErrorCodes.DATAVERSE_METADATA_REQUEST_FAILED;
      const fix = DataverseMessages.metadataFixForStatus(response.status);
      throw new MetadataError(code, `GET ${url} answered ${response.status}${detail ? `: ${detail}` : ''}${fix ? `; ${fix}` : ''}`, { status: response.status });
    }
    try {
      return await response.json();
    } catch (error) {
      throw new MetadataError(ErrorCodes.DATAVERSE_METADATA_INVALID, `GET ${url} did not return JSON`, { cause: error });
    }
  }

  /** GETs a collection and returns its `value` array. */
  async getCollection(path: string): Promise<unknown[]> {
    const body = await this.get(path);
    const value = (body as { value?: unknown } | null)?.value;
    if (!Array.isArray(value)) throw new MetadataError(ErrorCodes.DATAVERSE_METADATA_INVALID, `GET ${this.apiRoot}/${path}: response has no 'value' array`);
    return value;
  }
}

/** Accepts either an organization URL or one that already ends in the Web API path. */
function webApiRoot(serviceUrl: string): string {
  const trimmed = serviceUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(trimmed)) throw new Error(`Dataverse service URL must be http(s), got '${serviceUrl}'`);
  return /\/api\/data\/v\d+(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/api/data/v9.2`;
}

/** The `error.message` of a Dataverse error body, or a short excerpt of whatever came back. */
function dataverseErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // Not JSON: fall through to the raw excerpt.
  }
  return body.slice(0, 200);
}
