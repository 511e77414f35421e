import { odataIdentifier } from './odataLiteral';

/** The query options of a collection read. `filter` is a ready OData expression (see `filterToOData`). */
export interface ODataQuery {
  select?: readonly string[];
  filter?: string;
  /** `['modifiedon asc', 'accountid asc']` or `'name desc'`. */
  orderBy?: readonly string[] | string;
  /** Rows at most. Ignored by the service when a page size (`odata.maxpagesize`) is also sent. */
  top?: number;
  /** Ask for `@odata.count`. */
  count?: boolean;
  /** A raw `$expand` value. */
  expand?: string;
}

const ORDER_TERM = /^([A-Za-z_][A-Za-z0-9_/]*)(\s+(asc|desc))?$/i;

/**
 * Builds the query string (with the leading `?`, or `''`) for a collection read. Values are percent-encoded, so
 * `'`, `&`, `#`, `+`, `/`, `?` and the like inside literals arrive intact; option names stay literal (`$select`).
 */
export function buildQueryString(query: ODataQuery = {}): string {
  const params: string[] = [];
  if (query.select && query.select.length > 0) {
    params.push(`$select=${query.select.map((name) => encode(odataIdentifier(name))).join(',')}`);
  }
  if (query.filter) params.push(`$filter=${encode(query.filter)}`);
  const orderBy = typeof query.orderBy === 'string' ? [query.orderBy] : query.orderBy;
  if (orderBy && orderBy.length > 0) {
    for (const term of orderBy) {
      if (!ORDER_TERM.test(term.trim())) throw new RangeError(`Invalid $orderby term "${term}"`);
    }
    params.push(`$orderby=${orderBy.map((t) => encode(t.trim())).join(',')}`);
  }
  if (query.top !== undefined) {
    if (!Number.isInteger(query.top) || query.top < 0) throw new RangeError(`$top must be a non-negative integer, not ${query.top}`);
    params.push(`$top=${query.top}`);
  }
  if (query.count) params.push('$count=true');
  if (query.expand) params.push(`$expand=${encode(query.expand)}`);
  return params.length > 0 ? `?${params.join('&')}` : '';
}

/** Percent-encodes a query value (`+ & # / ? : ; = @ $ ,` and spaces included; `'` `(` `)` stay). */
function encode(value: string): string {
  return encodeURIComponent(value);
}
