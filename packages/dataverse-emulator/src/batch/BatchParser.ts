import { ServiceError } from '../errors/ServiceError';

/** One request inside a `$batch` body. */
export interface BatchOperation {
  method: string;
  /** The request-line URL as written: absolute URL, absolute path, relative path or `$1`. */
  url: string;
  /** Header values by lower-case name (MIME part headers and embedded request headers together). */
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

export type BatchItem = { kind: 'operation'; operation: BatchOperation } | { kind: 'changeSet'; operations: BatchOperation[] };

/** The most operations one `$batch` may hold. */
export const MAX_BATCH_OPERATIONS = 1000;

/**
 * Parses a `multipart/mixed` `$batch` body (reference §7): the boundary comes from `Content-Type` (quoted or not);
 * lines may end in CRLF or LF; header names are case-insensitive and `Name:value` without a space is accepted; nested
 * `multipart/mixed` parts are change sets; Content-ID may sit in the MIME headers or the embedded request's headers;
 * a closing delimiter without its trailing `--` is tolerated. `GET` inside a change set, nested batches and more than
 * 1 000 operations are rejected.
 */
export function parseBatch(contentType: string | undefined, body: string): BatchItem[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw ServiceError.badQuery("The batch request must have a 'Content-Type: multipart/mixed; boundary=…' header.");
  const items: BatchItem[] = [];
  for (const part of splitMultipart(linesOf(body), boundary)) {
    const partType = part.headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(partType)) {
      const changeSetBoundary = boundaryOf(partType);
      if (!changeSetBoundary) throw ServiceError.badQuery('A change set part has no boundary.');
      const operations = splitMultipart(part.lines, changeSetBoundary).map((inner) => {
        if (/^multipart\//i.test(inner.headers['content-type'] ?? '')) throw ServiceError.badQuery('Change sets cannot be nested.');
        return toOperation(inner);
      });
      for (const operation of operations) {
        if (operation.method === 'GET') throw ServiceError.badQuery('GET requests are not allowed inside a change set.');
      }
      items.push({ kind: 'changeSet', operations });
    } else {
      items.push({ kind: 'operation', operation: toOperation(part) });
    }
  }
  const count = items.reduce((n, item) => n + (item.kind === 'operation' ? 1 : item.operations.length), 0);
  if (count > MAX_BATCH_OPERATIONS) {
    throw ServiceError.badQuery(`The number of requests in the batch, ${count}, exceeds the limit of ${MAX_BATCH_OPERATIONS}.`);
  }
  return items;
}

/** `text.split(/\r?\n/)`, without the regular expression (a `$batch` of 1 000 parts has some 12 000 lines). */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  // Every piece but the last ended at a LF: one CR before it belongs to the line end.
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A MIME part: its headers and the lines of its content (trailing blank lines dropped). The lines are kept as split:
 * joining them with CRLF and splitting again, as a nested change set or the embedded request would, gives the same
 * lines, so each part's text is split once.
 */
interface MimePart {
  headers: Record<string, string>;
  lines: string[];
}

function splitMultipart(lines: string[], boundary: string): MimePart[] {
  const delimiter = `--${boundary}`;
  const parts: MimePart[] = [];
  let current: string[] | undefined;
  let closed = false;
  for (const line of lines) {
    // Only a line that starts with the delimiter can be one once its end is trimmed.
    const trimmed = line.startsWith(delimiter) ? line.trimEnd() : line;
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(toPart(current));
      current = trimmed === delimiter ? [] : undefined;
      if (trimmed !== delimiter) closed = true;
      if (closed) break;
      continue;
    }
    current?.push(line);
  }
  if (current && current.some((line) => line.trim() !== '')) parts.push(toPart(current));
  if (parts.length === 0) throw ServiceError.badQuery(`The batch body has no part delimited by '${delimiter}'.`);
  return parts;
}

function toPart(lines: string[]): MimePart {
  const { headers, rest } = readHeaders(lines);
  while (rest.length > 0 && rest[rest.length - 1]!.trim() === '') rest.pop();
  return { headers, lines: rest };
}

function readHeaders(lines: string[]): { headers: Record<string, string>; rest: string[] } {
  const headers: Record<string, string> = {};
  let index = 0;
  while (index < lines.length && lines[index]!.trim() === '' && Object.keys(headers).length === 0) index++;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') {
      index++;
      break;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw ServiceError.badQuery(`Malformed header line in the batch: '${line}'.`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(index) };
}

function toOperation(part: MimePart): BatchOperation {
  const partType = part.headers['content-type'] ?? 'application/http';
  if (!/^application\/http/i.test(partType)) throw ServiceError.badQuery(`Unsupported batch part Content-Type '${partType}'.`);
  const lines = part.lines;
  let index = 0;
  while (index < lines.length && lines[index]!.trim() === '') index++;
  const requestLine = lines[index]?.trim() ?? '';
  const match = /^([A-Z]+)\s+(.+?)(?:\s+HTTP\/\d\.\d)?$/.exec(requestLine);
  if (!match) throw ServiceError.badQuery(`Malformed request line in the batch: '${requestLine}'.`);
  const { headers, rest } = readHeaders(lines.slice(index + 1));
  const operation: BatchOperation = {
    method: match[1]!,
    url: match[2]!,
    headers,
    body: rest.join('\r\n').trim(),
  };
  const contentId = part.headers['content-id'] ?? headers['content-id'];
  if (contentId !== undefined) operation.contentId = contentId.replace(/^<(.*)>$/, '$1');
  return operation;
}
