import { randomUUID } from 'node:crypto';

/** One request inside a `$batch`. */
export interface BatchOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the API root (`accounts`, `accounts(<id>)?$select=name`), or `$<content-id>` inside a change set. */
  url: string;
  headers?: Record<string, string>;
  /** A JSON body (objects are serialised) or ready text. */
  body?: unknown;
}

/** Operations that succeed or fail together (Dataverse rolls the whole change set back when one fails). */
export interface BatchChangeSet {
  changeSet: BatchOperation[];
}

export type BatchItem = BatchOperation | BatchChangeSet;

export function isChangeSet(item: BatchItem): item is BatchChangeSet {
  return Array.isArray((item as BatchChangeSet).changeSet);
}

/** How many operations an item holds (a change set counts each of its operations). */
export function operationCount(item: BatchItem): number {
  return isChangeSet(item) ? item.changeSet.length : 1;
}

export interface WrittenBatch {
  /** The `Content-Type` header of the `$batch` POST, with the boundary. */
  contentType: string;
  body: string;
  /** Per item: the Content-ID given to each change-set operation (top-level operations get none). */
  contentIds: (string[] | undefined)[];
}

const CRLF = '\r\n';

/**
 * Writes a `multipart/mixed` `$batch` body: CRLF line ends, `application/http` parts with absolute-path request lines
 * (`POST /api/data/v9.2/accounts HTTP/1.1`), change sets as nested multiparts whose operations carry Content-IDs
 * unique across the batch (counting from `firstContentId`).
 */
export function writeBatch(items: readonly BatchItem[], options: { apiPath: string; firstContentId?: number }): WrittenBatch {
  const { contentType, pieces, contentIds } = batchPieces(items, options);
  return { contentType, body: pieces.join(''), contentIds };
}

/** `writeBatch`'s body as the pieces of its text, in order: the client writes them as bytes, never joined. */
export interface BatchPieces {
  contentType: string;
  pieces: string[];
  contentIds: (string[] | undefined)[];
}

/** `writeBatch` (see there), the body left in pieces. */
export function batchPieces(items: readonly BatchItem[], options: { apiPath: string; firstContentId?: number }): BatchPieces {
  const apiPath = options.apiPath.endsWith('/') ? options.apiPath : `${options.apiPath}/`;
  const boundary = `batch_${randomUUID()}`;
  // What opens a top-level part, up to its request line's URL, per method: the same for every part of the batch.
  const partStart = `--${boundary}${CRLF}${PART_HEADERS}${CRLF}`;
  const openings = new Map<string, string>();
  let nextContentId = options.firstContentId ?? 1;
  const out: string[] = [];
  const contentIds: (string[] | undefined)[] = [];
  for (const item of items) {
    if (isChangeSet(item)) {
      const changeSetBoundary = `changeset_${randomUUID()}`;
      const ids: string[] = [];
      out.push(`--${boundary}${CRLF}Content-Type: multipart/mixed; boundary=${changeSetBoundary}${CRLF}${CRLF}`);
      for (const operation of item.changeSet) {
        const contentId = String(nextContentId++);
        ids.push(contentId);
        const opening = `--${changeSetBoundary}${CRLF}${PART_HEADERS}Content-ID: ${contentId}${CRLF}${CRLF}${operation.method} `;
        writeOperation(out, operation, apiPath, opening);
      }
      out.push(`--${changeSetBoundary}--${CRLF}`);
      contentIds.push(ids);
    } else {
      let opening = openings.get(item.method);
      if (opening === undefined) openings.set(item.method, (opening = `${partStart}${item.method} `));
      writeOperation(out, item, apiPath, opening);
      contentIds.push(undefined);
    }
  }
  out.push(`--${boundary}--${CRLF}`);
  return { contentType: `multipart/mixed; boundary=${boundary}`, pieces: out, contentIds };
}

const ABSOLUTE_URL = /^https?:\/\//i;

/** A header name or value that would end its line (header injection) is refused. */
function checkHeader(name: string, value: string): void {
  if (name.includes('\r') || name.includes('\n') || value.includes('\r') || value.includes('\n')) {
    throw new RangeError(`Invalid header ${JSON.stringify(name)} in a batch operation`);
  }
}

/**
 * What follows a part's URL up to its body: the end of the request line, the header lines (`Accept` first, with the
 * operation's value when it sets one; then the operation's headers in their order; a JSON body's `Content-Type`
 * unless one is given) and the blank line.
 */
function headerBlock(headers: Record<string, string> | undefined, hasBody: boolean): string {
  const ownAccept = !!headers && Object.hasOwn(headers, 'Accept');
  const accept = ownAccept ? String(headers.Accept) : 'application/json';
  checkHeader('Accept', accept);
  let text = `${HTTP_LINE_END}Accept: ${accept}${CRLF}`;
  let hasContentType = false;
  if (headers) {
    for (const name in headers) {
      if (!Object.hasOwn(headers, name) || name === 'Accept') continue;
      const value = String(headers[name]);
      checkHeader(name, value);
      text += `${name}: ${value}${CRLF}`;
      if (name.toLowerCase() === 'content-type') hasContentType = true;
    }
  }
  if (hasBody && !hasContentType) text += `Content-Type: application/json; type=entry${CRLF}`;
  return text + CRLF;
}

const HTTP_LINE_END = ` HTTP/1.1${CRLF}`;
const NO_HEADERS = { withBody: headerBlock(undefined, true), withoutBody: headerBlock(undefined, false) };
/** `headerBlock` of frozen header objects (one shared by every create of a write, say): they cannot change. */
const frozenHeaderBlocks = new WeakMap<Record<string, string>, { withBody?: string; withoutBody?: string }>();

function headerBlockOf(headers: Record<string, string> | undefined, hasBody: boolean): string {
  if (!headers) return hasBody ? NO_HEADERS.withBody : NO_HEADERS.withoutBody;
  if (!Object.isFrozen(headers)) return headerBlock(headers, hasBody);
  let cached = frozenHeaderBlocks.get(headers);
  if (!cached) frozenHeaderBlocks.set(headers, (cached = {}));
  return hasBody ? (cached.withBody ??= headerBlock(headers, true)) : (cached.withoutBody ??= headerBlock(headers, false));
}

const PART_HEADERS = `Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}`;

/**
 * One `application/http` part, as pieces at the end of `out`, after its `opening` (the boundary, the part's headers
 * and the request line up to the URL): no string is made per part (this runs for every operation of every batch).
 */
function writeOperation(out: string[], operation: BatchOperation, apiPath: string, opening: string): void {
  const url = operation.url;
  const relative = !(url.startsWith('$') || url.startsWith('/') || ABSOLUTE_URL.test(url));
  const body = operation.body === undefined ? undefined : typeof operation.body === 'string' ? operation.body : JSON.stringify(operation.body);
  out.push(opening);
  if (relative) out.push(apiPath);
  out.push(url, headerBlockOf(operation.headers, body !== undefined));
  if (body !== undefined) out.push(body);
  out.push(CRLF);
}
