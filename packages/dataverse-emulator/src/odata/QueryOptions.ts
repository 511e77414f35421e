import { ServiceError } from '../errors/ServiceError';
import type { FilterNode } from './FilterAst';
import { parseFilter, type FilterLimits } from './FilterParser';
import { DEFAULT_LIMITS } from '../server/EmulatorLimits';
import { TextCache } from '../server/TextCache';

/** One `$orderby` item. */
export interface OrderItem {
  property: string;
  descending: boolean;
}

/** The system query options of one request, parsed but not yet checked against a table. */
export interface QueryOptions {
  select?: string[];
  filter?: FilterNode;
  /** The raw `$filter` text, for messages. */
  filterText?: string;
  orderBy?: OrderItem[];
  top?: number;
  count: boolean;
  skipToken?: string;
  expand?: string;
  deltaToken?: string;
}

/** Options Dataverse accepts on data requests; `$skip`, `$search` and `$format` are rejected like the real service. */
const SUPPORTED = new Set(['$select', '$filter', '$orderby', '$top', '$count', '$skiptoken', '$expand', '$apply', '$deltatoken']);
const REJECTED = new Set(['$skip', '$search', '$format']);

/**
 * Parsed `$select` lists by their text, shared (callers never change them): the match lookups of a sync repeat one long
 * `$select` with a different `$filter` each, and `resolveSelect` then finds its columns by the same list too.
 */
const SELECTS = new TextCache<string[]>();

/** Reads the OData system query options from a query string. Option names are case-sensitive. */
export function parseQueryOptions(query: URLSearchParams, limits: FilterLimits = DEFAULT_LIMITS): QueryOptions {
  const aliases = new Map<string, string>();
  for (const [key, value] of query) {
    if (key.startsWith('@')) aliases.set(key, value);
    else if (key.startsWith('$')) {
      if (REJECTED.has(key)) throw ServiceError.badQuery(`The query parameter ${key} is not supported`);
      if (!SUPPORTED.has(key)) throw ServiceError.badQuery(`The query parameter '${key}' is not supported.`);
    }
  }
  for (const key of SUPPORTED) {
    if (query.getAll(key).length > 1) throw ServiceError.badQuery(`Query option '${key}' was specified more than once, but it must be specified at most once.`);
  }
  if (query.has('$apply')) throw ServiceError.notImplemented('$apply');
  const options: QueryOptions = { count: false };
  const select = query.get('$select');
  if (select !== null) options.select = SELECTS.get(select, parseSelect);
  const filter = query.get('$filter');
  if (filter !== null) {
    options.filterText = filter;
    options.filter = parseFilter(filter, aliases, limits);
  }
  const orderBy = query.get('$orderby');
  if (orderBy !== null) options.orderBy = parseOrderBy(orderBy);
  const top = query.get('$top');
  if (top !== null) {
    if (!/^\d+$/.test(top.trim())) throw ServiceError.badQuery(`Invalid value '${top}' for $top query option found. The $top query option requires a non-negative integer value.`);
    options.top = Number(top.trim());
  }
  const count = query.get('$count');
  if (count !== null) {
    if (count !== 'true' && count !== 'false') throw ServiceError.badQuery(`'${count}' is not a valid count option.`);
    options.count = count === 'true';
  }
  const skipToken = query.get('$skiptoken');
  if (skipToken !== null) options.skipToken = skipToken;
  const expand = query.get('$expand');
  if (expand !== null) options.expand = expand;
  const deltaToken = query.get('$deltatoken');
  if (deltaToken !== null) options.deltaToken = deltaToken;
  return options;
}

export function parseSelect(text: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw ServiceError.badQuery(`Syntax error: character '' is not valid at position 0 in '${text}'.`);
  for (const item of items) {
    if (!/^[\w$@.*/]+$/.test(item)) throw ServiceError.badQuery(`Syntax error at position 0 in '${item}'.`);
  }
  return items;
}

export function parseOrderBy(text: string): OrderItem[] {
  return text.split(',').map((item) => {
    const parts = item.trim().split(/\s+/);
    const [property, direction, extra] = parts;
    if (!property || extra !== undefined || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) {
      throw ServiceError.badQuery(`Syntax error at position 0 in '${item.trim()}'.`);
    }
    return { property, descending: direction === 'desc' };
  });
}
