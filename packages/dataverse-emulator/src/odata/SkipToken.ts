import { ServiceError } from '../errors/ServiceError';
import type { SqlValue } from '../storage/ValueCodec';

/**
 * The opaque `$skiptoken` of `@odata.nextLink`. Like the real service's paging cookie it carries the position of the
 * last row returned (its sort-key values and id), so paging is keyset-based and stays correct while rows change.
 */
export interface PagePosition {
  page: number;
  /** Values of the ORDER BY keys (the primary id last) of the last row on the previous page. */
  last: SqlValue[];
  /** Change-tracking reads: the version range the pages cover. */
  tracking?: { from: number; to: number };
}

export function encodeSkipToken(position: PagePosition): string {
  const payload = position.tracking ? { last: position.last, tracking: position.tracking } : position.last;
  const cookie = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `<cookie pagenumber="${position.page}" pagingcookie="${cookie}" istracking="${position.tracking ? 'True' : 'False'}" />`;
}

export function decodeSkipToken(token: string, keyCount: number): PagePosition {
  const page = /pagenumber="(\d+)"/.exec(token);
  const cookie = /pagingcookie="([A-Za-z0-9_-]*)"/.exec(token);
  if (!page || !cookie) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cookie[1]!, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const tracking = !Array.isArray(payload) && payload !== null && typeof payload === 'object' ? (payload as { tracking?: unknown }).tracking : undefined;
  const last = Array.isArray(payload) ? payload : (payload as { last?: unknown } | null)?.last;
  if (!Array.isArray(last) || last.length !== keyCount || !last.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) {
    throw invalid();
  }
  const position: PagePosition = { page: Number(page[1]), last: last as SqlValue[] };
  if (tracking !== undefined) {
    const range = tracking as { from?: unknown; to?: unknown };
    if (typeof range.from !== 'number' || typeof range.to !== 'number') throw invalid();
    position.tracking = { from: range.from, to: range.to };
  }
  return position;
}

function invalid(): ServiceError {
  return ServiceError.badQuery('The $skiptoken value is not valid. Use the @odata.nextLink exactly as returned.');
}
