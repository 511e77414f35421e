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
  const apiPath = options.apiPath.endsWith('/') ? options.apiPath : `${options.apiPath}/`;
  const boundary = `batch_${randomUUID()}`;
  let nextContentId = options.firstContentId ?? 1;
  const out: string[] = [];
  const contentIds: (string[] | undefined)[] = [];
  for (const item of items) {
    out.push(`--${boundary}${CRLF}`);
    if (isChangeSet(item)) {
      const changeSetBoundary = `changeset_${randomUUID()}`;
      const ids: string[] = [];
      out.push(`Content-Type: multipart/mixed; boundary=${changeSetBoundary}${CRLF}${CRLF}`);
      for (const operation of item.changeSet) {
        const contentId = String(nextContentId++);
        ids.push(contentId);
        out.push(`--${changeSetBoundary}${CRLF}`);
        out.push(writeOperation(operation, apiPath, contentId));
      }
      out.push(`--${changeSetBoundary}--${CRLF}`);
      contentIds.push(ids);
    } else {
      out.push(writeOperation(item, apiPath));
      contentIds.push(undefined);
    }
  }
  out.push(`--${boundary}--${CRLF}`);
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: out.join(''), contentIds };
}

function writeOperation(operation: BatchOperation, apiPath: string, contentId?: string): string {
  const lines: string[] = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push('');
  const target = operation.url.startsWith('$') || /^https?:\/\//i.test(operation.url) || operation.url.startsWith('/')
    ? operation.url
    : `${apiPath}${operation.url}`;
  lines.push(`${operation.method} ${target} HTTP/1.1`);
  const headers: Record<string, string> = { Accept: 'application/json', ...operation.headers };
  let body = '';
  if (operation.body !== undefined) {
    body = typeof operation.body === 'string' ? operation.body : JSON.stringify(operation.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json; type=entry';
    }
  }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new RangeError(`Invalid header ${JSON.stringify(name)} in a batch operation`);
    lines.push(`${name}: ${value}`);
  }
  lines.push('');
  return `${lines.join(CRLF)}${CRLF}${body}${CRLF}`;
}
