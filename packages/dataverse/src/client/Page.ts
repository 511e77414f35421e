import { DataverseRequestError } from '../errors/DataverseErrors';

/** One page of a collection read. */
export interface Page<T> {
  value: T[];
  nextLink?: string;
  count?: number;
  /**
   * By the service's clock, a time at or before which it read this page: the response's `Date` (whole seconds,
   * rounded down) less the time the call took. Absent when the response had no usable `Date`.
   */
  readAt?: Date;
}

export interface PageOptions {
  /** `Prefer: odata.maxpagesize` (1–5000). */
  pageSize?: number;
  /** `Prefer: odata.include-annotations="…"`, e.g. `'*'` or `'OData.Community.Display.V1.FormattedValue'`. */
  annotations?: string;
}

/** The service's largest page (`Prefer: odata.maxpagesize` above it is lowered to it). */
const MAX_PAGE_SIZE = 5000;

/** The `Prefer` header of a page read (`odata.maxpagesize`, `odata.include-annotations`), or none. */
export function pagePreferHeaders(options: PageOptions): Record<string, string> {
  const prefer: string[] = [];
  if (options.pageSize !== undefined) {
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new RangeError(`Invalid page size ${options.pageSize}`);
    prefer.push(`odata.maxpagesize=${Math.min(MAX_PAGE_SIZE, options.pageSize)}`);
  }
  if (options.annotations) prefer.push(`odata.include-annotations="${options.annotations}"`);
  return prefer.length > 0 ? { Prefer: prefer.join(',') } : {};
}

/**
 * When the service read the page, by its own clock, erring early: the `Date` header is when the answer was written,
 * rounded down to the second, and the read happened after the request left, so the call's whole duration is taken off.
 */
export function pageReadAt(dateHeader: string | null, callMs: number): Date | undefined {
  const answeredAt = dateHeader ? Date.parse(dateHeader) : NaN;
  return Number.isNaN(answeredAt) ? undefined : new Date(answeredAt - Math.max(0, callMs));
}

/** A page from a collection response body; a body without a `value` array is an error naming the path. */
export function pageFromBody<T>(body: { value?: T[]; '@odata.nextLink'?: string; '@odata.count'?: number }, url: string): Page<T> {
  if (!Array.isArray(body.value)) throw new DataverseRequestError(`GET ${new URL(url).pathname} did not return a collection`);
  return {
    value: body.value,
    ...(body['@odata.nextLink'] ? { nextLink: body['@odata.nextLink'] } : {}),
    ...(typeof body['@odata.count'] === 'number' ? { count: body['@odata.count'] } : {}),
  };
}
